-- Typed marts built from recovered tables: one row per business fact, with provenance.
CREATE TABLE budget_lines (
    doc_id               VARCHAR NOT NULL,
    table_id             VARCHAR NOT NULL,
    row_idx              INTEGER NOT NULL,
    tjenesteomrade       VARCHAR,
    programomrade_code   VARCHAR,
    programomrade_name   VARCHAR NOT NULL,
    is_sum               BOOLEAN NOT NULL,
    year                 INTEGER,
    regnskap             DOUBLE,        -- kroner, the table's unit applied
    opprinnelig_budsjett DOUBLE,
    revidert_budsjett    DOUBLE,
    avvik_kr             DOUBLE,
    avvik_pct            DOUBLE,
    unit_multiplier      DOUBLE NOT NULL,
    page_no              INTEGER,
    line_no              INTEGER,
    raw                  VARCHAR
);

CREATE TABLE kostra_values (
    doc_id          VARCHAR NOT NULL,
    table_id        VARCHAR NOT NULL,
    row_idx         INTEGER NOT NULL,
    col_idx         INTEGER NOT NULL,
    indicator       VARCHAR NOT NULL,
    indicator_group VARCHAR,
    region          VARCHAR NOT NULL,
    year            INTEGER,
    value           DOUBLE,
    value_text      VARCHAR,
    unit            VARCHAR,
    page_no         INTEGER,
    line_no         INTEGER,
    raw             VARCHAR
);

CREATE TABLE indicator_values (
    doc_id         VARCHAR NOT NULL,
    table_id       VARCHAR NOT NULL,
    row_idx        INTEGER NOT NULL,
    col_idx        INTEGER NOT NULL,
    satsingsomrade VARCHAR,
    goal           VARCHAR,
    indicator      VARCHAR NOT NULL,
    year           INTEGER,
    value          DOUBLE,
    status_text    VARCHAR,
    unit           VARCHAR,
    page_no        INTEGER,
    line_no        INTEGER,
    raw            VARCHAR
);
