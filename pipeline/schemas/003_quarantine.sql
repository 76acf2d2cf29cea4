-- Validation: warning rules flagged on kept rows, error-level rows held in quarantine beside the marts.
ALTER TABLE validation_issues ADD COLUMN field_name VARCHAR;   -- the mart column that failed, if any

ALTER TABLE budget_lines ADD COLUMN flags VARCHAR[];           -- warning-level rules the row failed
ALTER TABLE kostra_values ADD COLUMN flags VARCHAR[];
ALTER TABLE indicator_values ADD COLUMN flags VARCHAR[];
ALTER TABLE facts ADD COLUMN flags VARCHAR[];

-- A quarantine table has its mart's columns without NOT NULL (a row may be there for a missing
-- value), plus the error-level rules it failed and their messages. Rows are never dropped.
CREATE TABLE budget_lines_quarantine AS SELECT * FROM budget_lines WHERE false;
CREATE TABLE kostra_values_quarantine AS SELECT * FROM kostra_values WHERE false;
CREATE TABLE indicator_values_quarantine AS SELECT * FROM indicator_values WHERE false;
CREATE TABLE facts_quarantine AS SELECT * FROM facts WHERE false;

ALTER TABLE budget_lines_quarantine ADD COLUMN rules VARCHAR[];
ALTER TABLE budget_lines_quarantine ADD COLUMN message VARCHAR;
ALTER TABLE kostra_values_quarantine ADD COLUMN rules VARCHAR[];
ALTER TABLE kostra_values_quarantine ADD COLUMN message VARCHAR;
ALTER TABLE indicator_values_quarantine ADD COLUMN rules VARCHAR[];
ALTER TABLE indicator_values_quarantine ADD COLUMN message VARCHAR;
ALTER TABLE facts_quarantine ADD COLUMN rules VARCHAR[];
ALTER TABLE facts_quarantine ADD COLUMN message VARCHAR;
