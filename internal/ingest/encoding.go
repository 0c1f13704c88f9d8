package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names as Options.Encoding and Plan.Encoding spell them.
const (
	EncUTF8    = "utf-8"
	EncUTF16LE = "utf-16le"
	EncUTF16BE = "utf-16be"
	EncGB18030 = "gb18030"
	EncGBK     = "gbk"
	EncBig5    = "big5"
	EncCP1252  = "windows-1252"
)

// normalizeEncoding maps common aliases to the names above.
func normalizeEncoding(name string) (string, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.ReplaceAll(n, "_", "-")
	switch n {
	case "utf-8", "utf8", "utf-8-sig":
		return EncUTF8, true
	case "utf-16le", "utf16le":
		return EncUTF16LE, true
	case "utf-16be", "utf16be":
		return EncUTF16BE, true
	case "gb18030":
		return EncGB18030, true
	case "gbk", "gb2312", "cp936":
		return EncGBK, true
	case "big5", "big-5", "cp950":
		return EncBig5, true
	case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1":
		return EncCP1252, true
	}
	return "", false
}

// bomLength returns the encoding a byte order mark announces and the mark's length.
func bomLength(head []byte) (string, int) {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return EncUTF8, 3
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return EncUTF16LE, 2
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return EncUTF16BE, 2
	}
	return "", 0
}

// decoder returns the x/text decoding for a normalized encoding name, nil for UTF-8.
func decoder(enc string) encoding.Encoding {
	switch enc {
	case EncUTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case EncUTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case EncGB18030:
		return simplifiedchinese.GB18030
	case EncGBK:
		return simplifiedchinese.GBK
	case EncBig5:
		return traditionalchinese.Big5
	case EncCP1252:
		return charmap.Windows1252
	}
	return nil
}

// textReader returns a reader of the file's text as UTF-8, with any byte order mark removed.
// The caller must have validated the file in enc, because the decoders replace invalid bytes.
func textReader(f io.Reader, res encodingResult) (io.Reader, error) {
	if res.bom > 0 {
		if _, err := io.CopyN(io.Discard, f, int64(res.bom)); err != nil {
			return nil, fmt.Errorf("skipping byte order mark: %w", err)
		}
	}
	d := decoder(res.enc)
	if d == nil {
		if res.verify {
			return &checkedReader{r: f, off: int64(res.bom)}, nil
		}
		return f, nil
	}
	return transform.NewReader(f, d.NewDecoder()), nil
}

// errNotUTF8 reports that text taken for UTF-8 is not; Analyze then detects the encoding from
// the whole file and starts again.
var errNotUTF8 = errors.New("the text is not valid UTF-8")

// checkedReader checks UTF-8 while the text is read, so that files that are valid UTF-8, by far
// the most common case, need no separate pass to detect their encoding.
type checkedReader struct {
	r   io.Reader
	v   utf8Validator
	off int64
}

func (c *checkedReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		if c.v.feed(p[:n]) >= 0 {
			return 0, errNotUTF8
		}
		c.off += int64(n)
	}
	if err == io.EOF && !c.v.complete() {
		return n, errNotUTF8
	}
	return n, err
}

// encodingResult is the outcome of encoding detection.
type encodingResult struct {
	enc    string
	bom    int
	verify bool // UTF-8 assumed without a full pass: readers check it as they go
}

// quickEncoding settles the encoding without reading the whole file when the file has no byte
// order mark and no declared encoding: it is then taken for UTF-8 and checked while it is read.
// Otherwise it calls detectEncoding.
func quickEncoding(path, declared string) (encodingResult, error) {
	if declared != "" {
		return detectEncoding(path, declared)
	}
	head, err := readHead(path, 4096)
	if err != nil {
		return encodingResult{}, err
	}
	enc, bom := bomLength(head)
	if enc != "" && enc != EncUTF8 {
		return detectEncoding(path, "")
	}
	if wide := utf16WithoutBOM(head); wide != "" {
		return detectEncoding(path, wide)
	}
	return encodingResult{enc: EncUTF8, bom: bom, verify: true}, nil
}

// utf16WithoutBOM recognizes UTF-16 text without a byte order mark by its zero bytes: mostly
// ASCII text in UTF-16LE has a zero in every odd position, in UTF-16BE in every even one.
func utf16WithoutBOM(head []byte) string {
	pairs := len(head) / 2
	if pairs < 2 {
		return ""
	}
	var evenZero, oddZero int
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			evenZero++
		}
		if head[i+1] == 0 {
			oddZero++
		}
	}
	switch {
	case oddZero*10 >= pairs*4 && evenZero*20 < pairs:
		return EncUTF16LE
	case evenZero*10 >= pairs*4 && oddZero*20 < pairs:
		return EncUTF16BE
	}
	return ""
}

// detectEncoding reads the whole file and returns its encoding. A declared encoding is checked
// over the whole file. Without one, a byte order mark decides. Otherwise UTF-8 is taken when the
// whole file is valid UTF-8, else the first of GB18030, Big5 and Windows-1252 that the whole file
// is valid in. Big5 is preferred over GB18030 when many two-byte sequences have trail bytes below
// 0x80. An invalid byte yields an "invalid_encoding" problem with its offset and line.
func detectEncoding(path, declared string) (encodingResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return encodingResult{}, err
	}
	defer f.Close()

	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	bomEnc, bom := bomLength(head)

	if declared != "" {
		// A BOM of the declared encoding is still removed.
		if bomEnc != declared {
			bom = 0
		}
		if err := validateFile(f, path, declared, bom); err != nil {
			return encodingResult{}, err
		}
		return encodingResult{enc: declared, bom: bom}, nil
	}

	if bom > 0 {
		if err := validateFile(f, path, bomEnc, bom); err != nil {
			return encodingResult{}, err
		}
		return encodingResult{enc: bomEnc, bom: bom}, nil
	}

	utf8Err := validateFile(f, path, EncUTF8, 0)
	if utf8Err == nil {
		return encodingResult{enc: EncUTF8}, nil
	}
	gb := &gbValidator{gb18030: true}
	if scanValid(f, gb) {
		big5 := &big5Validator{}
		if gb.pairs > 0 && float64(gb.lowTrail)/float64(gb.pairs) > 0.15 && scanValid(f, big5) {
			return encodingResult{enc: EncBig5}, nil
		}
		return encodingResult{enc: EncGB18030}, nil
	}
	if scanValid(f, &big5Validator{}) {
		return encodingResult{enc: EncBig5}, nil
	}
	if scanValid(f, cp1252Validator{}) {
		return encodingResult{enc: EncCP1252}, nil
	}
	return encodingResult{}, utf8Err
}

// scanValid reports whether the whole file is valid for v.
func scanValid(f *os.File, v validator) bool {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false
	}
	buf := make([]byte, 1<<20)
	for {
		n, err := f.Read(buf)
		if n > 0 && v.feed(buf[:n]) >= 0 {
			return false
		}
		if err == io.EOF {
			return v.complete()
		}
		if err != nil {
			return false
		}
	}
}

// validateFile checks the whole file from offset skip in enc and locates the first invalid byte.
func validateFile(f *os.File, path, enc string, skip int) error {
	if _, err := f.Seek(int64(skip), io.SeekStart); err != nil {
		return fmt.Errorf("seeking %s: %w", path, err)
	}
	v := newValidator(enc)
	buf := make([]byte, 1<<20)
	off := int64(skip)
	line := int64(1)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			if i := v.feed(buf[:n]); i >= 0 {
				line += countLines(buf[:i])
				detail := fmt.Sprintf("byte 0x%02X is not valid %s", buf[i], enc)
				detailZH := fmt.Sprintf("字节 0x%02X 不是有效的 %s 编码", buf[i], enc)
				if buf[i] == 0 {
					detail = "a NUL byte (0x00) cannot be stored as text"
					detailZH = "NUL 字节（0x00）不能作为文本保存"
				}
				return &Problem{Code: "invalid_encoding", File: baseName(path), Row: line, Offset: off + int64(i),
					Detail: detail, DetailZH: detailZH}
			}
			line += countLines(buf[:n])
			off += int64(n)
		}
		if err == io.EOF {
			if !v.complete() {
				return &Problem{Code: "invalid_encoding", File: baseName(path), Row: line, Offset: off,
					Detail: fmt.Sprintf("the file ends inside a %s character", enc), DetailZH: fmt.Sprintf("文件在一个 %s 字符中间结束", enc)}
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
	}
}

// countLines counts 0x0A bytes. In UTF-16 text a 0x0A byte can also be half of another character,
// so there the count only approximates the line of an error.
func countLines(p []byte) int64 {
	return int64(bytes.Count(p, []byte{'\n'}))
}
