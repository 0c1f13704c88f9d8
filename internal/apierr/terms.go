package apierr

import "strings"

// zhTerms gives the Chinese name of the object kinds, states and roles that messages name in
// their kind, state, expected, role and other parameters.
var zhTerms = map[string]string{
	"resource":                      "资源",
	"department":                    "部门",
	"user":                          "用户",
	"token":                         "令牌",
	"endpoint":                      "接口",
	"access request":                "共享申请",
	"grant":                         "授权",
	"dataset version":               "数据版本",
	"column mask":                   "字段脱敏设置",
	"draft":                         "草稿",
	"submitted":                     "已提交",
	"published":                     "已发布",
	"withdrawn":                     "已撤回",
	"pending":                       "待审批",
	"approved":                      "已批准",
	"rejected":                      "已驳回",
	"decided":                       "已处理",
	"revoked":                       "已撤销",
	"active":                        "有效",
	"expired":                       "已过期",
	"platform_operator":             "共享主管部门运营者（platform_operator）",
	"department_admin":              "部门管理员（department_admin）",
	"data_steward":                  "数据管理员（data_steward）",
	"approver":                      "审批人（approver）",
	"consumer_developer":            "数据使用方开发人员（consumer_developer）",
	"security_admin":                "安全管理员（security_admin）",
	"audit_admin":                   "审计管理员（audit_admin）",
	"changed by someone else":       "已被他人修改",
	"unchanged since it was read":   "读取后未被修改",
	"draft, published or withdrawn": "草稿、已发布或已撤回",
}

// enTerms gives the English display form of role names.
var enTerms = map[string]string{
	"platform_operator":  "platform operator (platform_operator)",
	"department_admin":   "department administrator (department_admin)",
	"data_steward":       "data steward (data_steward)",
	"approver":           "approver (approver)",
	"consumer_developer": "consumer developer (consumer_developer)",
	"security_admin":     "security administrator (security_admin)",
	"audit_admin":        "audit administrator (audit_admin)",
}

// termParams are the parameters whose values are terms rather than user data.
var termParams = map[string]bool{"kind": true, "state": true, "expected": true, "role": true, "other": true}

// term returns the display form of a parameter value in lang.
func term(lang, param, value string) string {
	if !termParams[param] {
		return value
	}
	dict := enTerms
	if lang == "zh" {
		dict = zhTerms
	}
	if t, ok := dict[value]; ok {
		return t
	}
	return value
}

// capitalize upper-cases the first letter of an English message that starts with a parameter.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
