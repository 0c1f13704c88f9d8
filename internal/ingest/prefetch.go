package ingest

import (
	"io"
	"slices"
	"sync"
)

// Batch sizes of the prefetching reader: records and bytes of field text per batch.
const (
	batchRecords = 1024
	batchBytes   = 1 << 20
	batchesAhead = 3
)

// prefetchSource reads a source in its own goroutine, so that parsing the file overlaps with
// typing and profiling (Analyze) or with converting and storing rows (Scan). It copies records
// into a few reused batches, so memory stays bounded.
type prefetchSource struct {
	src  rowSource
	full chan *batch
	free chan *batch
	done chan struct{}
	wg   sync.WaitGroup

	cur    *batch
	i      int
	fields [][]byte
	kinds  []cellKind
}

// batch holds copies of consecutive records.
type batch struct {
	data  []byte
	ends  []int // end of each field in data
	kinds []cellKind
	recs  []batchRecord
	err   error // io.EOF or the error that stopped reading, after the records
}

type batchRecord struct {
	field0, fields int // position in ends and number of fields
	kind0, nkinds  int
	index, row     int64
	offset         int64
}

func prefetch(src rowSource) *prefetchSource {
	p := &prefetchSource{src: src, full: make(chan *batch, batchesAhead), free: make(chan *batch, batchesAhead),
		done: make(chan struct{})}
	for range batchesAhead {
		p.free <- &batch{}
	}
	p.wg.Add(1)
	go p.produce()
	return p
}

func (p *prefetchSource) produce() {
	defer p.wg.Done()
	for {
		var b *batch
		select {
		case b = <-p.free:
		case <-p.done:
			return
		}
		b.data, b.ends, b.kinds, b.recs, b.err = b.data[:0], b.ends[:0], b.kinds[:0], b.recs[:0], nil
		for len(b.recs) < batchRecords && len(b.data) < batchBytes {
			rec, err := p.src.next()
			if err != nil {
				b.err = err
				break
			}
			r := batchRecord{field0: len(b.ends), fields: len(rec.fields), kind0: len(b.kinds), nkinds: len(rec.kinds),
				index: rec.index, row: rec.row, offset: rec.offset}
			for _, f := range rec.fields {
				b.data = append(b.data, f...)
				b.ends = append(b.ends, len(b.data))
			}
			b.kinds = append(b.kinds, rec.kinds...)
			b.recs = append(b.recs, r)
		}
		select {
		case p.full <- b:
		case <-p.done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// next returns the next record; its fields stay valid until the following call.
func (p *prefetchSource) next() (record, error) {
	for p.cur == nil || p.i >= len(p.cur.recs) {
		if p.cur != nil {
			if p.cur.err != nil {
				return record{}, p.cur.err
			}
			p.free <- p.cur
			p.cur = nil
		}
		b, ok := <-p.full
		if !ok {
			return record{}, io.EOF
		}
		p.cur, p.i = b, 0
	}
	b := p.cur
	r := b.recs[p.i]
	p.i++

	p.fields = p.fields[:0]
	start := 0
	if r.field0 > 0 {
		start = b.ends[r.field0-1]
	}
	for _, end := range b.ends[r.field0 : r.field0+r.fields] {
		p.fields = append(p.fields, b.data[start:end:end])
		start = end
	}
	rec := record{fields: p.fields, index: r.index, row: r.row, offset: r.offset}
	if r.nkinds > 0 {
		p.kinds = append(p.kinds[:0], b.kinds[r.kind0:r.kind0+r.nkinds]...)
		rec.kinds = p.kinds
	}
	return rec, nil
}

func (p *prefetchSource) merges() []mergeRange { return slices.Clone(p.src.merges()) }

// close stops the reading goroutine and then closes the source.
func (p *prefetchSource) close() error {
	close(p.done)
	p.wg.Wait()
	return p.src.close()
}
