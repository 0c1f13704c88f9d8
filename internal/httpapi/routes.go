package httpapi

// route is one API endpoint: the audit action name, whether it needs a signed-in caller, and the
// text of its OpenAPI entry.
type route struct {
	Method  string
	Path    string
	Name    string
	Summary string
	Public  bool // no authentication
	// AuditPublic records calls of a public route (login) in the audit log.
	AuditPublic bool
	Body        string // name of the request body schema in the OpenAPI description, if any
	// Query lists the accepted query parameters; "filter.*" accepts every filter.<field>. Any
	// other parameter is rejected, so that a mistyped option is not silently ignored.
	Query   []string
	Handler handlerFunc
}

var (
	loadParams   = []string{"filename", "format", "encoding", "delimiter", "sheet", "header_row", "header_rows", "json_path", "ragged", "fill_down", "decimal_comma", "index"}
	queryParams  = []string{"fields", "filter.*", "sort", "limit", "cursor", "total", "version"}
	exportParams = []string{"fields", "filter.*", "sort", "version", "format", "bom", "safe"}
)

func (s *Server) routes() []route {
	return []route{
		{Method: "POST", Path: "/api/v1/auth/login", Name: "auth.login", Summary: "Log in to the console with user name and password; sets the session cookie", Public: true, AuditPublic: true, Body: "Login", Handler: s.login},
		{Method: "POST", Path: "/api/v1/auth/logout", Name: "auth.logout", Summary: "End the console session", Handler: s.logout},
		{Method: "GET", Path: "/api/v1/me", Name: "me.get", Summary: "The signed-in user, department and roles", Handler: s.me},
		{Method: "GET", Path: "/api/v1/me/tokens", Name: "token.list", Summary: "List your API tokens, without their secrets", Handler: s.listTokens},
		{Method: "POST", Path: "/api/v1/me/tokens", Name: "token.create", Summary: "Create an API token; the secret is returned once", Body: "TokenInput", Handler: s.createToken},
		{Method: "DELETE", Path: "/api/v1/me/tokens/{id}", Name: "token.revoke", Summary: "Revoke one of your API tokens", Handler: s.revokeToken},

		{Method: "GET", Path: "/api/v1/departments", Name: "department.list", Summary: "List departments", Handler: s.listDepartments},
		{Method: "POST", Path: "/api/v1/departments", Name: "department.create", Summary: "Create a department (platform operator)", Body: "Department", Handler: s.createDepartment},
		{Method: "GET", Path: "/api/v1/departments/{code}", Name: "department.get", Summary: "Get a department", Handler: s.getDepartment},
		{Method: "GET", Path: "/api/v1/users", Name: "user.list", Summary: "List users (all for the platform operator, own department for a department administrator)", Handler: s.listUsers},
		{Method: "POST", Path: "/api/v1/users", Name: "user.create", Summary: "Create a user with roles; three-role separation is enforced", Body: "User", Handler: s.createUser},
		{Method: "PUT", Path: "/api/v1/users/{username}/roles", Name: "user.roles", Summary: "Replace a user's roles", Body: "Roles", Handler: s.setRoles},
		{Method: "POST", Path: "/api/v1/users/{username}/disable", Name: "user.disable", Summary: "Disable a user", Handler: s.setDisabled(true)},
		{Method: "POST", Path: "/api/v1/users/{username}/enable", Name: "user.enable", Summary: "Enable a user again", Handler: s.setDisabled(false)},
		{Method: "PUT", Path: "/api/v1/calendar/{day}", Name: "calendar.set", Summary: "Mark a date as holiday or make-up working day (platform operator)", Body: "CalendarDay", Handler: s.setCalendarDay},

		{Method: "GET", Path: "/api/v1/resources", Name: "resource.list", Summary: "Search the catalog (q, department, sharing_type, open_type, status, level, limit, offset)", Query: []string{"q", "department", "sharing_type", "open_type", "status", "level", "limit", "offset"}, Handler: s.listResources},
		{Method: "POST", Path: "/api/v1/resources", Name: "resource.create", Summary: "Register a resource as a draft (data steward)", Body: "Metadata", Handler: s.createResource},
		{Method: "GET", Path: "/api/v1/resources/{code}", Name: "resource.get", Summary: "Get a resource with its metadata and column masks", Handler: s.getResource},
		{Method: "PUT", Path: "/api/v1/resources/{code}", Name: "resource.update", Summary: "Replace a resource's metadata; a new metadata version is kept", Body: "Metadata", Handler: s.updateResource},
		{Method: "GET", Path: "/api/v1/resources/{code}/history", Name: "resource.history", Summary: "Every metadata version and review step", Handler: s.resourceHistory},
		{Method: "POST", Path: "/api/v1/resources/{code}/submit", Name: "resource.submit", Summary: "Submit a draft for review", Handler: s.lifecycle("submit")},
		{Method: "POST", Path: "/api/v1/resources/{code}/approve", Name: "resource.approve", Summary: "Publish a submitted resource (platform operator)", Body: "Note", Handler: s.lifecycle("approve")},
		{Method: "POST", Path: "/api/v1/resources/{code}/return", Name: "resource.return", Summary: "Send a submitted resource back with a reason (platform operator)", Body: "Note", Handler: s.lifecycle("return")},
		{Method: "POST", Path: "/api/v1/resources/{code}/withdraw", Name: "resource.withdraw", Summary: "Withdraw a published resource", Body: "Note", Handler: s.lifecycle("withdraw")},
		{Method: "PUT", Path: "/api/v1/resources/{code}/columns/{field}/mask", Name: "resource.mask.set", Summary: "Mark a field sensitive with a masking operator (data steward)", Body: "MaskOperator", Handler: s.setColumnMask},
		{Method: "DELETE", Path: "/api/v1/resources/{code}/columns/{field}/mask", Name: "resource.mask.delete", Summary: "Remove a field's mask", Handler: s.deleteColumnMask},
		{Method: "GET", Path: "/api/v1/resources/{code}/grades", Name: "grade.list", Summary: "Column and resource grades of the current (or ?version=) dataset version: the engine's proposals and the decisions on them", Query: []string{"version"}, Handler: s.listGrades},
		{Method: "PUT", Path: "/api/v1/resources/{code}/grades/{field}", Name: "grade.confirm", Summary: "Confirm or change a column's grade and information type; a level below the proposal needs a reason (security administrator)", Body: "GradeDecision", Handler: s.confirmGrade},
		{Method: "GET", Path: "/api/v1/resources/{code}/schema", Name: "resource.schema.get", Summary: "The declared Table Schema and, for the provider, the schema of the current version", Handler: s.getSchema},
		{Method: "PUT", Path: "/api/v1/resources/{code}/schema", Name: "resource.schema.set", Summary: "Declare the Frictionless Table Schema that later loads apply (types, formats, primary key, data elements)", Body: "TableSchema", Handler: s.putSchema},
		{Method: "DELETE", Path: "/api/v1/resources/{code}/schema", Name: "resource.schema.delete", Summary: "Remove the declared schema", Handler: s.deleteSchema},
		{Method: "POST", Path: "/api/v1/resources/{code}/preview", Name: "dataset.preview", Summary: "Upload a file and get the detected layout, types and warnings without loading it", Body: "File", Query: loadParams, Handler: s.previewUpload},
		{Method: "POST", Path: "/api/v1/resources/{code}/versions", Name: "dataset.load", Summary: "Upload a file and load it as the new current dataset version", Body: "File", Query: loadParams, Handler: s.uploadVersion},
		{Method: "GET", Path: "/api/v1/resources/{code}/versions", Name: "dataset.list", Summary: "List dataset versions, including failed loads", Handler: s.listVersions},
		{Method: "GET", Path: "/api/v1/resources/{code}/versions/{version}", Name: "dataset.get", Summary: "Get one dataset version with its columns", Handler: s.getVersion},
		{Method: "GET", Path: "/api/v1/resources/{code}/load", Name: "dataset.progress", Summary: "Progress of a running load (rows read so far)", Handler: s.loadProgress},
		{Method: "POST", Path: "/api/v1/resources/{code}/requests", Name: "request.create", Summary: "Apply for access to a resource (consumer developer)", Body: "ApplyInput", Handler: s.applyForAccess},

		{Method: "GET", Path: "/api/v1/requests", Name: "request.list", Summary: "List access requests (box=outgoing|incoming|overdue, status)", Query: []string{"box", "status", "limit"}, Handler: s.listRequests},
		{Method: "GET", Path: "/api/v1/requests/{id}", Name: "request.get", Summary: "Get an access request with its deadline in working days", Handler: s.getRequest},
		{Method: "POST", Path: "/api/v1/requests/{id}/approve", Name: "request.approve", Summary: "Approve, possibly with fewer fields, a row filter, masking, quotas and expiry (approver)", Body: "Decision", Handler: s.approveRequest},
		{Method: "POST", Path: "/api/v1/requests/{id}/reject", Name: "request.reject", Summary: "Reject with a reason (approver)", Body: "Note", Handler: s.rejectRequest},
		{Method: "GET", Path: "/api/v1/grants", Name: "grant.list", Summary: "List grants held (box=held) or given (box=given)", Query: []string{"box"}, Handler: s.listGrants},
		{Method: "GET", Path: "/api/v1/grants/{id}", Name: "grant.get", Summary: "Get a grant", Handler: s.getGrant},
		{Method: "POST", Path: "/api/v1/grants/{id}/revoke", Name: "grant.revoke", Summary: "Revoke a grant; the next call with it is refused", Body: "Note", Handler: s.revokeGrant},

		{Method: "GET", Path: "/api/v1/data/{code}", Name: "data.query", Summary: "Query the current (or ?version=) dataset: fields, filter.<field>=<op>:<value>, sort, limit, cursor, total", Query: queryParams, Handler: s.queryData},
		{Method: "POST", Path: "/api/v1/data/{code}/query", Name: "data.query", Summary: "The same query with a JSON body", Body: "Query", Handler: s.queryDataJSON},
		{Method: "GET", Path: "/api/v1/data/{code}/export", Name: "data.export", Summary: "Stream the whole query result as CSV (bom, safe), JSON lines or XLSX (text cells for codes and ID numbers)", Query: exportParams, Handler: s.exportData},

		{Method: "POST", Path: "/api/v1/dlp/scan", Name: "dlp.scan", Summary: "Find sensitive values in a text or JSON document: rune offsets, types, confidences and a masked copy (at most 1 MiB)", Body: "ScanInput", Handler: s.scanText},

		{Method: "GET", Path: "/api/v1/audit", Name: "audit.list", Summary: "Read and filter the audit log (audit administrator)", Query: []string{"actor", "department", "action", "resource", "result", "request_id", "from", "to", "after", "limit"}, Handler: s.listAudit},
		{Method: "GET", Path: "/api/v1/audit/verify", Name: "audit.verify", Summary: "Verify the audit log's hash chain (audit administrator)", Handler: s.verifyAudit},
	}
}
