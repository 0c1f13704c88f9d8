// Package ingest reads government data files (CSV, TSV, XLSX, XLS, JSON and JSON lines) into typed
// rows without corrupting them.
//
// Analyze reads a file once with bounded memory. It detects the encoding from the whole file, the
// delimiter, the sheet, title rows, multi-row headers and footer notes, infers each column's type
// from all of its values and profiles the columns. The resulting Plan is what a preview shows.
// Plan.Scan then reads the file a second time and passes every row that will be stored to a
// callback, typed as the plan decided. A file that cannot be loaded faithfully is rejected with a
// *Problem, whose message gives what is wrong, where, and what to do, in Simplified Chinese or
// English.
package ingest
