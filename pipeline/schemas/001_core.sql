-- Core warehouse tables. Columns named in ../eval CONTRACT.md keep their names and meanings.
CREATE TABLE documents (
    doc_id        VARCHAR PRIMARY KEY,   -- sha256 of the file's bytes
    source_path   VARCHAR NOT NULL,      -- the input path as given
    sha256        VARCHAR NOT NULL,
    source_format VARCHAR NOT NULL,      -- txt | pdf | html | md
    municipality  VARCHAR,
    report_year   INTEGER,
    kind          VARCHAR,               -- annual_report | budget | article
    n_pages       INTEGER NOT NULL,      -- the report's own page count
    loaded_at     TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE pages (
    doc_id    VARCHAR NOT NULL,
    page_no   INTEGER NOT NULL,          -- 1-based, the report's own numbering
    raw_text  VARCHAR NOT NULL,          -- as read
    text      VARCHAR NOT NULL,          -- restored
    needs_ocr BOOLEAN DEFAULT false,
    PRIMARY KEY (doc_id, page_no)
);

CREATE TABLE lines (
    doc_id  VARCHAR NOT NULL,
    page_no INTEGER NOT NULL,
    line_no INTEGER NOT NULL,            -- 1-based source line number
    raw     VARCHAR NOT NULL,
    text    VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, line_no)
);

CREATE TABLE tables (
    table_id   VARCHAR PRIMARY KEY,
    doc_id     VARCHAR NOT NULL,
    page_no    INTEGER,
    line_start INTEGER,                  -- text sources: first and last source line
    line_end   INTEGER,
    title      VARCHAR,
    kind       VARCHAR NOT NULL,
    unit_note  VARCHAR,
    columns    VARCHAR[],                -- first entry: the row-label column
    flags      VARCHAR[],
    bbox       DOUBLE[]                  -- PDF sources: x0, top, x1, bottom in points
);

CREATE TABLE table_cells (
    table_id    VARCHAR NOT NULL,
    doc_id      VARCHAR NOT NULL,
    row_idx     INTEGER NOT NULL,        -- 0-based over data rows
    col_idx     INTEGER NOT NULL,        -- 0-based over value columns
    row_label   VARCHAR,
    col_label   VARCHAR,
    value_num   DOUBLE,
    value_text  VARCHAR,
    unit        VARCHAR,
    raw         VARCHAR,                 -- the text the value was read from
    repaired    BOOLEAN DEFAULT false,
    repair_rule VARCHAR,
    flag        VARCHAR,
    line_no     INTEGER,
    bbox        DOUBLE[],
    PRIMARY KEY (table_id, row_idx, col_idx)
);

CREATE TABLE facts (
    doc_id       VARCHAR NOT NULL,
    key          VARCHAR NOT NULL,
    period       INTEGER,
    value        DOUBLE NOT NULL,
    unit         VARCHAR NOT NULL,
    page_no      INTEGER,
    line_start   INTEGER,
    line_end     INTEGER,
    evidence     VARCHAR,                -- the sentence, restored
    evidence_raw VARCHAR,                -- the sentence as read
    raw_value    VARCHAR
);

CREATE TABLE entities (
    doc_id   VARCHAR NOT NULL,
    label    VARCHAR NOT NULL,
    text     VARCHAR NOT NULL,
    role     VARCHAR,
    page_no  INTEGER,
    line_no  INTEGER,
    evidence VARCHAR
);

CREATE TABLE validation_issues (
    doc_id     VARCHAR NOT NULL,
    rule       VARCHAR NOT NULL,
    severity   VARCHAR NOT NULL,         -- error | warning
    message    VARCHAR NOT NULL,
    table_name VARCHAR,
    table_id   VARCHAR,
    row_idx    INTEGER,
    col_idx    INTEGER,
    raw        VARCHAR
);
