-- The fact catalogue: what each facts.key means and the units it is stored in.
-- Rewritten from the pipeline's catalogue at every run, so it matches the code that filled `facts`.
CREATE TABLE fact_keys (
    key         VARCHAR PRIMARY KEY,
    description VARCHAR NOT NULL,
    units       VARCHAR[] NOT NULL
);
