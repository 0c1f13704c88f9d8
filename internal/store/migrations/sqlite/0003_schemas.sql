-- Declared Frictionless Table Schemas of resources: every load of the resource applies it.

CREATE TABLE resource_schemas (
    resource_id BIGINT PRIMARY KEY REFERENCES resources(id),
    body TEXT NOT NULL,
    set_by BIGINT NOT NULL REFERENCES users(id),
    set_at BIGINT NOT NULL
);
