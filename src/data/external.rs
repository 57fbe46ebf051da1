//! Engines reached as external programs (DATA.md §6): no DuckDB is compiled
//! into mopsc (the bundled crate costs an hour to build on two cores), so
//! `--engine duckdb` runs the `duckdb` command-line program: SQL on its
//! standard input, rows back as JSON lines.
//!
//! Loading keeps one semantics across engines: a CSV file is read and
//! converted by mopsc's own loader (the same DATA001–DATA003 as SQLite and
//! PostgreSQL) into a normalised CSV that a DuckDB view reads with the declared types;
//! a Parquet file is read by DuckDB itself, each declared column cast to its
//! declared type.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::engine::{Cell, Engine, EngineError};
use super::ir::{Select, Tables};
use super::load;
use super::print::{self, Dialect};
use crate::model::{ColType, Dataset, Decl};

/// The DuckDB command-line program on a database file in a temporary
/// directory, which lives as long as the engine.
pub struct DuckDb {
    program: PathBuf,
    dir: tempfile::TempDir,
    /// The program's version line, for `-v` and the JSON outputs.
    pub version: String,
    loaded: Vec<String>,
    files: usize,
}

/// Where the `duckdb` program is: `explicit` (`--duckdb PATH`), else the
/// first `duckdb` on `PATH`.
pub fn find_duckdb(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("duckdb")).find(|p| p.is_file())
}

struct DuckTables;

impl Tables for DuckTables {
    fn table(&self, dataset: &str) -> String {
        Dialect::Duckdb.ident(dataset)
    }
}

fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn duck_type(t: ColType) -> &'static str {
    match t {
        ColType::Text => "VARCHAR",
        ColType::Int => "BIGINT",
        ColType::Number | ColType::Money => "DOUBLE",
        ColType::Bool => "BOOLEAN",
        ColType::Date => "DATE",
        ColType::Timestamp => "TIMESTAMP",
    }
}

impl DuckDb {
    /// Start on `program`; DATA004 when it cannot be run.
    pub fn new(program: &Path) -> Result<DuckDb, EngineError> {
        let out = Command::new(program).arg("-version").stdin(Stdio::null()).output().map_err(|e| {
            EngineError::Engine(format!(
                "cannot run the duckdb program `{}`: {e} (install DuckDB's command-line program, e.g. \
                 `pip install duckdb-cli`, or pass --duckdb PATH)",
                program.display()
            ))
        })?;
        if !out.status.success() {
            return Err(EngineError::Engine(format!(
                "`{} -version` failed: {}",
                program.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let dir = tempfile::tempdir().map_err(|e| EngineError::Engine(format!("temporary directory: {e}")))?;
        Ok(DuckDb { program: program.to_path_buf(), dir, version, loaded: Vec::new(), files: 0 })
    }

    /// `duckdb VERSION (PATH)`, for `-v` and the JSON outputs.
    pub fn describe(&self) -> String {
        let v = self.version.split_whitespace().next().unwrap_or("?").trim_start_matches('v');
        format!("duckdb {v} ({})", self.program.display())
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data.duckdb")
    }

    /// Run SQL; the output of its last statement as JSON lines.
    fn run(&self, sql: &str) -> Result<String, EngineError> {
        let mut child = Command::new(&self.program)
            .arg("-jsonlines")
            .arg("-bail")
            .arg(self.db())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| EngineError::Engine(format!("cannot run `{}`: {e}", self.program.display())))?;
        // Write on another thread: a large result fills the stdout pipe
        // while the SQL is still being written.
        let mut stdin = child.stdin.take().ok_or_else(|| EngineError::Engine("duckdb: no stdin".into()))?;
        let input = sql.to_string();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let out = child.wait_with_output().map_err(|e| EngineError::Engine(format!("duckdb: {e}")))?;
        let wrote = writer.join().map_err(|_| EngineError::Engine("duckdb: the writer failed".into()))?;
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if !out.status.success() || !stderr.is_empty() {
            let why = if stderr.is_empty() { format!("exit status {}", out.status) } else { stderr };
            return Err(EngineError::Engine(format!("duckdb: {why}")));
        }
        wrote.map_err(|e| EngineError::Engine(format!("duckdb: writing the query: {e}")))?;
        String::from_utf8(out.stdout).map_err(|_| EngineError::Engine("duckdb: output is not UTF-8".into()))
    }

    /// Load a dataset's file: CSV through mopsc's loader, Parquet by DuckDB
    /// with the declared types. Returns the rows loaded and the bad rows
    /// skipped (always 0 for Parquet, whose values DuckDB casts).
    pub fn load(
        &mut self,
        ds: &Decl<Dataset>,
        file: &Path,
        max_bad_rows: usize,
    ) -> Result<(usize, usize), EngineError> {
        let cols = ds.data.schema();
        let table = Dialect::Duckdb.ident(&ds.name.value);
        let is_parquet = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
        if is_parquet {
            let select: Vec<String> = cols
                .iter()
                .map(|(n, t)| {
                    let c = Dialect::Duckdb.ident(n);
                    format!("CAST({c} AS {}) AS {c}", duck_type(*t))
                })
                .collect();
            // a view: DuckDB reads the file in each query (in parallel, only the
            // columns used) instead of first writing it into its own storage,
            // which took longer than the queries (docs/performance.md)
            let path = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
            self.run(&format!(
                "CREATE OR REPLACE VIEW {table} AS SELECT {} FROM read_parquet({});",
                select.join(", "),
                sql_string(&path.display().to_string())
            ))?;
            self.loaded.push(ds.name.value.to_string());
            let n = self.query(&format!("SELECT COUNT(*) FROM {table}"))?;
            let rows = n.first().and_then(|r| r.first()).and_then(Cell::int).unwrap_or(0);
            return Ok((usize::try_from(rows).unwrap_or(0), 0));
        }
        self.files += 1;
        let norm = self.dir.path().join(format!("load-{}.csv", self.files));
        let f = std::fs::File::create(&norm).map_err(|e| EngineError::Engine(format!("temporary file: {e}")))?;
        let mut w = std::io::BufWriter::new(f);
        let types: Vec<ColType> = cols.iter().map(|(_, t)| *t).collect();
        let mut line = String::new();
        let out = load::read_csv(ds, file, max_bad_rows, |values| {
            load::csv_line(values, &types, &mut line);
            w.write_all(line.as_bytes()).map_err(|e| EngineError::Engine(format!("temporary file: {e}")))
        })?;
        w.flush().map_err(|e| EngineError::Engine(format!("temporary file: {e}")))?;
        drop(w);
        let defs: Vec<String> = cols.iter().map(|(n, t)| format!("{}: '{}'", sql_string(n), duck_type(*t))).collect();
        // A view over the normalised file, as for Parquet. Unquoted empty
        // fields are NULL, quoted ones empty strings, as the PostgreSQL
        // engine's COPY reads them.
        self.run(&format!(
            "CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_csv({}, header = false, auto_detect = false, \
             delim = ',', quote = '\"', escape = '\"', nullstr = '', allow_quoted_nulls = false, columns = {{{}}});",
            sql_string(&norm.display().to_string()),
            defs.join(", ")
        ))?;
        self.loaded.push(ds.name.value.to_string());
        Ok(out)
    }
}

/// A JSON value of a row (DuckDB's `-jsonlines`, Spark's `to_json`) as a
/// cell: a boolean as 0/1, as in SQLite; a number without a fraction as an
/// integer.
pub(crate) fn cell(v: &serde_json::Value) -> Cell {
    match v {
        serde_json::Value::Null => Cell::Null,
        serde_json::Value::Bool(b) => Cell::Int(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Cell::Int(i),
            None => Cell::Num(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Cell::Text(s.clone()),
        other => Cell::Text(other.to_string()),
    }
}

/// Rows of DuckDB's `-jsonlines` output, columns in their order.
fn parse_rows(out: &str) -> Result<Vec<Vec<Cell>>, EngineError> {
    let mut rows = Vec::new();
    for line in out.lines().filter(|l| !l.trim().is_empty()) {
        let obj: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line)
            .map_err(|e| EngineError::Engine(format!("duckdb: unreadable output line: {e}")))?;
        rows.push(obj.values().map(cell).collect());
    }
    Ok(rows)
}

impl Engine for DuckDb {
    fn dialect(&self) -> Dialect {
        Dialect::Duckdb
    }
    fn print(&self, q: &Select) -> String {
        print::select(q, Dialect::Duckdb, &DuckTables)
    }
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Cell>>, EngineError> {
        let sql = sql.trim_end().trim_end_matches(';');
        parse_rows(&self.run(&format!("{sql};\n"))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_become_cells_in_column_order() {
        let rows =
            parse_rows("{\"b\":1,\"a\":null,\"c\":\"1.50\",\"d\":0.1,\"e\":true,\"f\":2.0}\n\n").expect("parses");
        assert_eq!(
            rows,
            vec![vec![
                Cell::Int(1),
                Cell::Null,
                Cell::Text("1.50".into()),
                Cell::Num(0.1),
                Cell::Int(1),
                Cell::Num(2.0)
            ]]
        );
        assert!(parse_rows("not json").is_err());
    }

    #[test]
    fn a_missing_program_is_a_clear_error() {
        let Err(EngineError::Engine(m)) = DuckDb::new(Path::new("/nonexistent/duckdb")) else { panic!("runs?") };
        assert!(m.contains("pip install duckdb-cli") && m.contains("--duckdb PATH"), "{m}");
    }
}
