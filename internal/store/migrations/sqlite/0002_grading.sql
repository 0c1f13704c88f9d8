-- Grades proposed by the sensitive-data engine for each column of each dataset version, and the
-- security administrator's decisions on them.
CREATE TABLE column_grades (
    id INTEGER PRIMARY KEY,
    resource_id BIGINT NOT NULL REFERENCES resources(id),
    version INTEGER NOT NULL,
    field TEXT NOT NULL,
    info_type TEXT NOT NULL DEFAULT '',
    confidence REAL NOT NULL DEFAULT 0,
    proposed_level INTEGER NOT NULL,
    sampled INTEGER NOT NULL DEFAULT 0,
    valid INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    rule_version TEXT NOT NULL,
    status TEXT NOT NULL,
    confirmed_level INTEGER,
    confirmed_type TEXT,
    reason TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT,
    UNIQUE (resource_id, version, field)
);

-- One grading run per dataset version: done with the proposed resource grade, or failed.
CREATE TABLE version_gradings (
    resource_id BIGINT NOT NULL REFERENCES resources(id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    level INTEGER NOT NULL DEFAULT 0,
    reasons TEXT NOT NULL DEFAULT '[]',
    rule_version TEXT NOT NULL DEFAULT '',
    persons BIGINT NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    graded_at BIGINT NOT NULL,
    PRIMARY KEY (resource_id, version)
);
