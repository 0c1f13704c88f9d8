package ingest

// Type is a Frictionless Table Schema field type.
type Type string

// Field types that ingestion infers or accepts in a declared schema.
const (
	TypeString   Type = "string"
	TypeInteger  Type = "integer"
	TypeNumber   Type = "number"
	TypeBoolean  Type = "boolean"
	TypeDate     Type = "date"
	TypeDatetime Type = "datetime"
	TypeTime     Type = "time"
)

// Ragged-row policies for Options.Ragged.
const (
	RaggedReject = "reject" // the file is rejected and every ragged row is listed
	RaggedPad    = "pad"    // short rows are padded with nulls, long rows add generated columns
	RaggedSkip   = "skip"   // ragged rows are left out and listed in Plan.Rejected
)

// Options controls how a file is read. The zero value detects everything and applies DefaultLimits.
type Options struct {
	Format       string   // "", "csv", "tsv", "xlsx", "xls", "json", "jsonl"; "" detects from the file name and content
	Encoding     string   // "" detects; else "utf-8", "utf-16le", "utf-16be", "gb18030", "gbk", "big5", "windows-1252"
	Delimiter    rune     // 0 sniffs among ',', ';', '\t' and '|'
	Sheet        string   // "" takes the first visible sheet that has data
	HeaderRow    int      // 1-based row (as a spreadsheet numbers it) of the first header row; 0 detects
	HeaderRows   int      // number of header rows; 0 detects
	JSONPath     string   // dotted path to the array of records inside a JSON object, e.g. "result.items"
	Ragged       string   // RaggedReject (default), RaggedPad or RaggedSkip
	FillDown     []string // column names or labels whose empty cells take the value above, as vertically merged cells read
	DecimalComma bool     // numbers use ',' as decimal mark and '.' or ' ' as thousands separator
	Schema       *Schema  // declared schema: fixes types and formats and binds data elements
	Limits       Limits   // zero fields take the DefaultLimits value
}

// Limits bounds what a single file may make ingestion read, keep or unpack.
type Limits struct {
	MaxFileBytes int64   // size of the file as uploaded
	MaxCellBytes int64   // length of one cell in bytes (UTF-8)
	MaxColumns   int     // columns in the table
	MaxRows      int64   // data rows in the table
	MaxZipRatio  float64 // uncompressed/compressed size of any part of an XLSX archive
	MaxZipBytes  int64   // total uncompressed size of the XLSX parts that are read
	// MaxSharedStringBytes bounds the XLSX shared string table, the one part held in memory.
	MaxSharedStringBytes int64
}

// DefaultLimits returns the limits used for every zero field of Options.Limits.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes: 4 << 30,
		MaxCellBytes: 1 << 20,
		MaxColumns:   1000,
		MaxRows:      200_000_000,
		MaxZipRatio:  200,
		MaxZipBytes:  8 << 30,

		MaxSharedStringBytes: 256 << 20,
	}
}

// withDefaults fills zero limits with the defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxCellBytes <= 0 {
		l.MaxCellBytes = d.MaxCellBytes
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = d.MaxColumns
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxZipRatio <= 0 {
		l.MaxZipRatio = d.MaxZipRatio
	}
	if l.MaxZipBytes <= 0 {
		l.MaxZipBytes = d.MaxZipBytes
	}
	if l.MaxSharedStringBytes <= 0 {
		l.MaxSharedStringBytes = d.MaxSharedStringBytes
	}
	return l
}
