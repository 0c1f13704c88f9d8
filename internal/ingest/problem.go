package ingest

import (
	"fmt"
	"strings"
)

// Problem is a located, coded problem found in a file. Code is stable and listed in the catalogue
// (see Codes); Detail carries the specific value or count. Row is the 1-based row as a spreadsheet
// numbers it, or the physical line of a text file where the record starts. Offset is the byte
// offset in the file for encoding problems, and in the UTF-8 text for other problems of text files.
type Problem struct {
	Code   string `json:"code"`
	File   string `json:"file,omitempty"`
	Sheet  string `json:"sheet,omitempty"`
	Row    int64  `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
	Offset int64  `json:"offset,omitempty"`
	Detail string `json:"detail,omitempty"`
	// DetailZH is Detail in Simplified Chinese. NOTE: it is set for the problems users meet most
	// (limits, ragged rows, invalid values and bytes, empty sheets). The rest, mostly damaged
	// workbooks and JSON syntax, fall back to the English Detail.
	DetailZH string  `json:"detailZH,omitempty"`
	Rows     []int64 `json:"rows,omitempty"`  // further affected rows, for problems that concern many rows (capped)
	Count    int64   `json:"count,omitempty"` // total number of affected rows when that is more than one
}

// messageRows is how many of Rows a message names.
const messageRows = 20

// Error returns the English message.
func (p *Problem) Error() string { return p.Message("en") }

// Message returns the problem as a sentence in lang ("zh-CN" or "en"; anything else gives English):
// what is wrong, where, and what to do.
func (p *Problem) Message(lang string) string {
	zh := strings.HasPrefix(strings.ToLower(lang), "zh")
	entry, ok := catalogue[p.Code]
	if !ok {
		entry = catalogue["internal"]
	}

	var b strings.Builder
	if zh {
		b.WriteString(entry.zh)
	} else {
		b.WriteString(entry.en)
	}
	detail := p.Detail
	if zh && p.DetailZH != "" {
		detail = p.DetailZH
	}
	if detail != "" {
		if zh {
			b.WriteString("：")
		} else {
			b.WriteString(": ")
		}
		b.WriteString(detail)
	}
	if where := p.where(zh); where != "" {
		if zh {
			b.WriteString("（位置：" + where + "）")
		} else {
			b.WriteString(" (at " + where + ")")
		}
	}
	if p.Count > 1 {
		if zh {
			fmt.Fprintf(&b, "，共 %d 行", p.Count)
		} else {
			fmt.Fprintf(&b, ", %d rows in all", p.Count)
		}
	}
	if len(p.Rows) > 0 {
		rows := make([]string, 0, messageRows+1)
		for i, r := range p.Rows {
			if i == messageRows {
				if zh {
					rows = append(rows, "等")
				} else {
					rows = append(rows, "...")
				}
				break
			}
			rows = append(rows, fmt.Sprint(r))
		}
		if zh {
			b.WriteString("，其他行：" + strings.Join(rows, "、"))
		} else {
			b.WriteString(", also rows " + strings.Join(rows, ", "))
		}
	}
	if zh {
		b.WriteString("。" + entry.zhHint)
	} else {
		b.WriteString(". " + entry.enHint)
	}
	return b.String()
}

func (p *Problem) where(zh bool) string {
	var parts []string
	add := func(en, zh1 string, v any) {
		if zh {
			parts = append(parts, fmt.Sprintf(zh1, v))
		} else {
			parts = append(parts, fmt.Sprintf(en, v))
		}
	}
	if p.File != "" {
		add("file %q", "文件“%s”", p.File)
	}
	if p.Sheet != "" {
		add("sheet %q", "工作表“%s”", p.Sheet)
	}
	if p.Row > 0 {
		add("row %d", "第 %d 行", p.Row)
	}
	if p.Column != "" {
		add("column %q", "列“%s”", p.Column)
	}
	if p.Offset > 0 {
		add("byte offset %d", "字节偏移 %d", p.Offset)
	}
	if zh {
		return strings.Join(parts, "，")
	}
	return strings.Join(parts, ", ")
}

// Codes returns every problem code with its English summary, for documentation and API catalogues.
func Codes() map[string]string {
	m := make(map[string]string, len(catalogue))
	for code, e := range catalogue {
		m[code] = e.en
	}
	return m
}

// typeNamesZH are the Chinese names of the field types, for messages.
var typeNamesZH = map[Type]string{TypeString: "文本", TypeInteger: "整数", TypeNumber: "数值", TypeBoolean: "布尔值",
	TypeDate: "日期", TypeDatetime: "日期时间", TypeTime: "时间"}

type catalogueEntry struct {
	en, enHint, zh, zhHint string
}

var catalogue = map[string]catalogueEntry{
	"internal": {
		"The file could not be read", "Try again; if it fails again, report the file to the platform operator",
		"无法读取文件", "请重试；如仍失败，请将文件报告给平台运维人员"},
	"read_failed": {
		"The file could not be read", "Upload the file again",
		"读取文件失败", "请重新上传文件"},
	"empty_file": {
		"The file is empty", "Upload a file that contains a header row and data rows",
		"文件为空", "请上传包含表头行和数据行的文件"},
	"no_data": {
		"The file contains no table", "Check that you uploaded the right file, or choose the sheet that holds the data",
		"文件中没有表格数据", "请确认上传的文件正确，或选择包含数据的工作表"},
	"file_too_large": {
		"The file is larger than the upload limit", "Split the file or ask the platform operator to raise the limit",
		"文件超过上传大小限制", "请拆分文件，或请平台运维人员调高限制"},
	"unknown_format": {
		"The file format is not supported", "Upload CSV, TSV, XLSX, XLS, JSON or JSON lines, or choose the format explicitly",
		"不支持该文件格式", "请上传 CSV、TSV、XLSX、XLS、JSON 或 JSON Lines 文件，或明确指定格式"},
	"invalid_option": {
		"An import option is invalid", "Correct the option and import again",
		"导入选项无效", "请更正该选项后重新导入"},
	"invalid_encoding": {
		"The file contains bytes that are not valid text in the detected or chosen encoding", "Choose the encoding the file was saved in (for example GB18030 or UTF-8), or save the file again as UTF-8",
		"文件中有按检测到或指定的编码无法解码的字节", "请指定文件保存时使用的编码（例如 GB18030 或 UTF-8），或将文件另存为 UTF-8"},
	"unterminated_quote": {
		"A quoted field is never closed", "Add the missing closing double quote, or check that the delimiter is right",
		"带引号的字段缺少结束引号", "请补上缺失的结束双引号，或检查分隔符是否正确"},
	"cell_too_large": {
		"A cell is longer than the cell size limit", "Shorten the cell, or check that the delimiter and quoting are right",
		"单元格内容超过长度限制", "请缩短该单元格，或检查分隔符和引号是否正确"},
	"too_many_columns": {
		"The table has more columns than the limit", "Remove unneeded columns or split the table",
		"表格列数超过限制", "请删除不需要的列或拆分表格"},
	"too_many_rows": {
		"The table has more rows than the limit", "Split the file or ask the platform operator to raise the limit",
		"表格行数超过限制", "请拆分文件，或请平台运维人员调高限制"},
	"ragged_row": {
		"A row has a different number of fields than the header", "Fix the rows listed, or load again with the ragged option set to pad (fill short rows) or skip (leave the listed rows out)",
		"某行的字段数与表头不一致", "请修正所列各行，或将 ragged 选项设为 pad（补齐短行）或 skip（跳过所列各行）后重新导入"},
	"ragged_row_skipped": {
		"A row with a different number of fields than the header was skipped", "Fix the row in the source file if it should be stored",
		"已跳过字段数与表头不一致的行", "如该行需要入库，请在源文件中修正"},
	"no_header": {
		"No header row was found", "Choose the header row explicitly",
		"未找到表头行", "请明确指定表头所在行"},
	"zip_bomb": {
		"The workbook expands to far more data than its size suggests and was not unpacked", "Check the file; if it is genuine, save it again from the spreadsheet program or ask the platform operator to raise the limit",
		"工作簿解压后的数据量异常巨大，已拒绝解压", "请检查该文件；如确为正常文件，请用电子表格软件重新保存，或请平台运维人员调高限制"},
	"invalid_workbook": {
		"The workbook is damaged or not a spreadsheet file", "Open and save the file again in the spreadsheet program, or export it as CSV",
		"工作簿已损坏或不是电子表格文件", "请在电子表格软件中打开并重新保存，或导出为 CSV"},
	"workbook_too_large": {
		"The workbook's shared text is larger than the memory set aside for it", "Save the sheet as CSV and upload that, or ask the platform operator to raise the limit",
		"工作簿的共享文本超出为其预留的内存", "请将工作表另存为 CSV 后上传，或请平台运维人员调高限制"},
	"sheet_not_found": {
		"The sheet does not exist in the workbook", "Choose one of the sheets listed in the preview",
		"工作簿中没有该工作表", "请从预览列出的工作表中选择"},
	"empty_sheet": {
		"A sheet is empty and was passed over", "Choose another sheet if this is not the one you want",
		"工作表为空，已跳过", "如不是所需工作表，请另行选择"},
	"invalid_json": {
		"The JSON is not valid", "Correct the JSON syntax at the position given",
		"JSON 格式无效", "请在所示位置修正 JSON 语法"},
	"json_path_not_found": {
		"The JSON has no array of records at the given path", "Give the dotted path of the array of records, for example result.items",
		"JSON 在指定路径下没有记录数组", "请给出记录数组的点分路径，例如 result.items"},
	"invalid_value": {
		"A value does not match the declared type or format, and its row was not stored", "Correct the value, or change the declared type or format in the schema",
		"值与声明的类型或格式不符，该行未入库", "请更正该值，或修改表结构中声明的类型或格式"},
	"invalid_data_element": {
		"A value fails the validation of its bound data element, and its row was not stored", "Correct the value, or remove the data element binding from the schema",
		"值未通过所绑定数据元的校验，该行未入库", "请更正该值，或在表结构中取消该数据元绑定"},
	"unknown_data_element": {
		"The schema binds an unknown data element", "Use one of the data elements the platform defines",
		"表结构绑定了未知的数据元", "请使用平台定义的数据元"},
	"schema_field_not_found": {
		"A field of the declared schema matches no column of the file", "Correct the field name in the schema, or the header in the file",
		"声明的表结构字段在文件中没有对应列", "请更正表结构中的字段名或文件中的表头"},
	"ambiguous_date": {
		"Dates in a column could be day/month or month/day, so the column is kept as text", "Declare the date format (for example %d/%m/%Y) in the schema to store it as dates",
		"该列日期的日月顺序无法确定，已按文本保存", "如需按日期保存，请在表结构中声明日期格式（例如 %d/%m/%Y）"},
	"code_kept_as_text": {
		"A numeric-looking column holds codes or identifiers and is kept as text", "Declare the column as integer in the schema if it is a quantity",
		"该列数字为代码或标识符，已按文本保存", "如该列是数量，请在表结构中声明为整数"},
	"blank_rows_skipped": {
		"Blank rows were skipped", "No action is needed",
		"已跳过空行", "无需处理"},
	"footer_skipped": {
		"Notes below the table were not stored as data", "Choose the rows explicitly if this is data",
		"表格下方的注释行未作为数据入库", "如这些行是数据，请明确指定"},
	"title_rows_skipped": {
		"Rows above the header were not stored as data", "Choose the header row explicitly if the detected one is wrong",
		"表头上方的行未作为数据入库", "如检测到的表头行有误，请明确指定"},
	"header_renamed": {
		"A column header was blank, duplicated or too long and the column was given another name", "The original header is kept as the column label; rename the header in the file if you prefer another name",
		"列标题为空、重复或过长，已为该列另取名称", "原标题保留为列标签；如需其他名称，请修改文件中的表头"},
	"hidden_sheet": {
		"The chosen sheet is hidden in the workbook", "Check that this is the sheet you want",
		"所选工作表在工作簿中是隐藏的", "请确认这是所需的工作表"},
	"file_changed": {
		"The file changed after it was analyzed", "Analyze the file again before importing",
		"文件在分析后发生了变化", "请重新分析文件后再导入"},
	"too_many_problems": {
		"More problems were found than are listed", "Fix the listed problems first and import again",
		"发现的问题多于列出的数量", "请先修正所列问题后重新导入"},
}
