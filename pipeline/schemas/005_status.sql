-- Every document accounted for: its status, and the coded issues of the stages and pages that failed.
ALTER TABLE documents ADD COLUMN status VARCHAR DEFAULT 'loaded';   -- loaded | partial | failed

CREATE TABLE document_issues (
    doc_id   VARCHAR NOT NULL,
    stage    VARCHAR NOT NULL,           -- ingest | normalize | metadata | tables | facts | marts | validate | load
    code     VARCHAR NOT NULL,           -- from the code catalogue (README, "Codes")
    severity VARCHAR NOT NULL,
    message  VARCHAR NOT NULL,
    page_no  INTEGER                     -- the page a page-level failure is about
);

-- How each table was recovered, and the arithmetic its rows were found to satisfy.
ALTER TABLE tables ADD COLUMN route VARCHAR;                  -- text | layout | grid
ALTER TABLE tables ADD COLUMN identities VARCHAR[];
ALTER TABLE table_cells ADD COLUMN page_no INTEGER;           -- a table running over a page break
ALTER TABLE validation_issues ADD COLUMN page_no INTEGER;
