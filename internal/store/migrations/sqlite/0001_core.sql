-- Core schema: identity, catalog, dataset versions, access requests and grants, audit, outbox.
-- Timestamps are Unix milliseconds (UTC); JSON columns hold documents validated by the code.

CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    parent_id BIGINT REFERENCES departments(id),
    region_code TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    department_id BIGINT NOT NULL REFERENCES departments(id),
    password_hash TEXT NOT NULL DEFAULT '',
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_used_at BIGINT
);

CREATE TABLE resources (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    sharing_type TEXT NOT NULL,
    open_type TEXT NOT NULL,
    classification TEXT NOT NULL,
    theme TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    security_level INTEGER NOT NULL,
    search_text TEXT NOT NULL,
    metadata TEXT NOT NULL,
    meta_version INTEGER NOT NULL,
    current_version INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT
);
CREATE INDEX resources_department ON resources(department_id);
CREATE INDEX resources_status ON resources(status);

CREATE TABLE resource_revisions (
    resource_id BIGINT NOT NULL REFERENCES resources(id),
    meta_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    action TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    metadata TEXT NOT NULL,
    changed_by BIGINT NOT NULL REFERENCES users(id),
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (resource_id, meta_version)
);

CREATE TABLE resource_sequences (
    department_id BIGINT PRIMARY KEY REFERENCES departments(id),
    next_value BIGINT NOT NULL
);

CREATE TABLE column_masks (
    resource_id BIGINT NOT NULL REFERENCES resources(id),
    field TEXT NOT NULL,
    operator TEXT NOT NULL,
    set_by BIGINT NOT NULL REFERENCES users(id),
    set_at BIGINT NOT NULL,
    PRIMARY KEY (resource_id, field)
);

CREATE TABLE dataset_versions (
    id INTEGER PRIMARY KEY,
    resource_id BIGINT NOT NULL REFERENCES resources(id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    table_name TEXT NOT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    row_count BIGINT NOT NULL DEFAULT 0,
    columns TEXT NOT NULL DEFAULT '[]',
    report TEXT NOT NULL DEFAULT '{}',
    error TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    UNIQUE (resource_id, version)
);

CREATE TABLE access_requests (
    id INTEGER PRIMARY KEY,
    resource_id BIGINT NOT NULL REFERENCES resources(id),
    consumer_department_id BIGINT NOT NULL REFERENCES departments(id),
    requester_id BIGINT NOT NULL REFERENCES users(id),
    fields TEXT NOT NULL,
    purpose TEXT NOT NULL,
    scenario TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    duration_days INTEGER NOT NULL,
    status TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    deadline_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT,
    decision_reason TEXT NOT NULL DEFAULT '',
    grant_id BIGINT
);
CREATE INDEX access_requests_resource ON access_requests(resource_id, status);
CREATE INDEX access_requests_consumer ON access_requests(consumer_department_id);

CREATE TABLE grants (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES access_requests(id),
    resource_id BIGINT NOT NULL REFERENCES resources(id),
    consumer_department_id BIGINT NOT NULL REFERENCES departments(id),
    fields TEXT NOT NULL,
    clear_fields TEXT NOT NULL DEFAULT '[]',
    row_filter TEXT NOT NULL DEFAULT '[]',
    masking TEXT NOT NULL DEFAULT '{}',
    purpose TEXT NOT NULL,
    quota_requests BIGINT NOT NULL,
    quota_rows BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by BIGINT REFERENCES users(id),
    revoke_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX grants_consumer ON grants(consumer_department_id, resource_id);

CREATE TABLE grant_usage (
    grant_id BIGINT NOT NULL REFERENCES grants(id),
    day TEXT NOT NULL,
    requests BIGINT NOT NULL DEFAULT 0,
    rows_read BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (grant_id, day)
);

CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    ts BIGINT NOT NULL,
    actor TEXT NOT NULL,
    actor_id BIGINT,
    department TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    fields TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    result TEXT NOT NULL,
    request_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log(action, ts);
CREATE INDEX audit_log_actor ON audit_log(actor, ts);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_unsent ON outbox(sent_at);
