//! `--engine spark`: the `spark-sql` program (DATA.md §6), one session per
//! mopsc command. The JVM takes seconds to start, so every statement goes
//! through the standard input of one process, each followed by a marker
//! query; the session ends with the engine.
//!
//! Rows come back exactly: each is one line, `=mopsc=` and the row as
//! `to_json(struct(*))` (null fields kept, timestamps as `yyyy-MM-dd
//! HH:mm:ss`), because spark-sql's own output (tab-separated, `NULL` for
//! null) cannot tell a null from the text `NULL` nor keep a tab or a
//! newline in a label. A statement's failure is read from standard error:
//! spark-sql prints the error where a success prints `Time taken: …`.
//!
//! Loading keeps one semantics across engines: a CSV file is read and
//! converted by mopsc's own loader (DATA001–DATA003, as for SQLite, DuckDB
//! and PostgreSQL) into JSON lines, which keep null apart from the empty
//! string, and Spark caches them as a temporary table with the declared
//! types; a Parquet file is read by Spark, each declared column cast to its
//! declared type. A dataset without a file is read from its `table`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;

use super::engine::{Cell, Engine, EngineError};
use super::ir::{Select, Tables};
use super::load::{self, Typed};
use super::print::{self, Dialect};
use crate::model::{ColType, Dataset, Decl};

/// The message of DATA004 when no program is found.
pub const MISSING: &str = "no `spark-sql` program on PATH: install Apache Spark (e.g. `pip install pyspark`, whose \
                           pyspark/bin has spark-sql; it needs Java 17) or pass --spark-sql PATH";

const ROW: &str = "=mopsc=";
const END: &str = "=mopsc=end";

/// Where the `spark-sql` program is: `explicit` (`--spark-sql PATH`), else
/// the first `spark-sql` on `PATH`, else `$SPARK_HOME/bin/spark-sql`.
pub fn find_spark_sql(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(path) = std::env::var_os("PATH") {
        if let Some(p) = std::env::split_paths(&path).map(|d| d.join("spark-sql")).find(|p| p.is_file()) {
            return Some(p);
        }
    }
    let home = std::env::var_os("SPARK_HOME")?;
    Some(PathBuf::from(home).join("bin").join("spark-sql")).filter(|p| p.is_file())
}

/// One spark-sql session in a temporary directory (its working directory,
/// where Spark writes what it writes), which lives as long as the engine.
pub struct Spark {
    program: PathBuf,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    stderr: mpsc::Receiver<String>,
    dir: tempfile::TempDir,
    /// Spark's version (`SELECT version()`, its first word).
    pub version: String,
    /// Datasets loaded from files, and the cached table of each.
    loaded: Vec<(String, String)>,
    tables: Vec<(String, String)>,
    files: usize,
}

struct SparkTables<'a>(&'a Spark);

impl Tables for SparkTables<'_> {
    fn table(&self, dataset: &str) -> String {
        if let Some((_, t)) = self.0.loaded.iter().find(|(d, _)| d == dataset) {
            return t.clone();
        }
        match self.0.tables.iter().find(|(d, _)| d == dataset) {
            Some((_, t)) => t.split('.').map(|p| Dialect::Spark.ident(p)).collect::<Vec<_>>().join("."),
            None => Dialect::Spark.ident(dataset),
        }
    }
}

fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The type Spark holds a column in.
fn spark_type(t: ColType) -> &'static str {
    match t {
        ColType::Text => "STRING",
        ColType::Int => "BIGINT",
        ColType::Number | ColType::Money => "DOUBLE",
        ColType::Bool => "BOOLEAN",
        ColType::Date => "DATE",
        ColType::Timestamp => "TIMESTAMP",
    }
}

/// The type of a column in the JSON lines mopsc writes: dates and
/// timestamps as text, cast by Spark.
fn json_type(t: ColType) -> &'static str {
    match t {
        ColType::Date | ColType::Timestamp => "STRING",
        t => spark_type(t),
    }
}

/// A line of spark-sql's standard error that is a log line (any level: the
/// CLI writes a statement's error itself, not through the log) or start-up
/// chatter, not an error.
fn is_noise(line: &str) -> bool {
    let l = line.trim();
    let b = l.as_bytes();
    let log = b.len() > 18
        && b[2] == b'/'
        && b[5] == b'/'
        && b[8] == b' '
        && l.get(18..).is_some_and(|rest| ["WARN ", "INFO ", "DEBUG ", "ERROR "].iter().any(|v| rest.starts_with(v)));
    l.is_empty()
        || log
        || l.starts_with("Setting default log level")
        || l.starts_with("To adjust logging level")
        || l.starts_with("Spark master:")
        || l.starts_with("Spark Web UI")
}

impl Spark {
    /// Start a session on `program`; DATA004 when it cannot be run or does
    /// not answer.
    pub fn new(program: &Path) -> Result<Spark, EngineError> {
        let dir = tempfile::tempdir().map_err(|e| EngineError::Engine(format!("temporary directory: {e}")))?;
        let mut child = Command::new(program)
            .args([
                "--conf",
                "spark.sql.catalogImplementation=in-memory",
                "--conf",
                "spark.sql.session.timeZone=UTC",
                "--conf",
                "spark.sql.jsonGenerator.ignoreNullFields=false",
                "--conf",
                "spark.sql.shuffle.partitions=4",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
            ])
            .arg(format!("spark.sql.warehouse.dir={}", dir.path().join("warehouse").display()))
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                EngineError::Engine(format!(
                    "cannot run the spark-sql program `{}`: {e} (install Apache Spark, e.g. `pip install pyspark` \
                     with Java 17, or pass --spark-sql PATH)",
                    program.display()
                ))
            })?;
        let (stdin, stdout, stderr) = match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
            (Some(i), Some(o), Some(e)) => (i, o, e),
            _ => return Err(EngineError::Engine("spark-sql: no standard streams".into())),
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut s = Spark {
            program: program.to_path_buf(),
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            stderr: rx,
            dir,
            version: String::new(),
            loaded: Vec::new(),
            tables: Vec::new(),
            files: 0,
        };
        let rows = s.query("SELECT version() AS v").map_err(|e| match e {
            EngineError::Engine(m) => EngineError::Engine(format!(
                "`{}` does not start: {m} (spark-sql needs Java 17: `java -version`; with pip's pyspark run \
                 pyspark/bin/spark-sql or set SPARK_HOME)",
                program.display()
            )),
            e => e,
        })?;
        s.version = rows
            .first()
            .and_then(|r| r.first())
            .map(Cell::text)
            .and_then(|v| v.split_whitespace().next().map(str::to_string))
            .unwrap_or_else(|| "?".into());
        Ok(s)
    }

    /// `spark VERSION (PATH)`, for `-v` and the JSON outputs.
    pub fn describe(&self) -> String {
        format!("spark {} ({})", self.version, self.program.display())
    }

    /// Read a dataset from its `table`.
    pub fn use_table(&mut self, dataset: &str, table: &str) {
        self.tables.push((dataset.to_string(), table.to_string()));
    }

    /// Run one statement; the payloads of its `=mopsc=` rows.
    fn exec(&mut self, stmt: &str) -> Result<Vec<String>, EngineError> {
        let stmt = stmt.trim().trim_end_matches(';');
        let stdin = self.stdin.as_mut().ok_or_else(|| EngineError::Engine("spark-sql: the session ended".into()))?;
        let sent = stdin.write_all(format!("{stmt};\nSELECT '{END}';\n").as_bytes()).and_then(|()| stdin.flush());
        let mut rows = Vec::new();
        let mut line = String::new();
        let mut ended = false;
        if sent.is_ok() {
            loop {
                line.clear();
                match self.stdout.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                let l = line.trim_end_matches(['\n', '\r']);
                if l == END {
                    ended = true;
                    break;
                }
                if let Some(row) = l.strip_prefix(ROW) {
                    rows.push(row.to_string());
                }
            }
        }
        if !ended {
            // the process ended: what it said on standard error
            let said: Vec<String> = self.stderr.try_iter().filter(|l| !is_noise(l)).collect();
            let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
            self.stdin = None;
            let why = if said.is_empty() { format!("spark-sql ended ({status})") } else { said.join("\n") };
            return Err(EngineError::Engine(why));
        }
        // Standard error, in order: the statement's `Time taken` or its
        // error, then the marker's `Time taken`.
        let mut error: Vec<String> = Vec::new();
        let mut taken = 0;
        while let Ok(l) = self.stderr.recv() {
            if l.starts_with("Time taken:") {
                taken += 1;
                if taken == 2 || !error.is_empty() {
                    break;
                }
            } else if !is_noise(&l) {
                error.push(l);
            }
        }
        if !error.is_empty() {
            // the message, without the plan Spark prints after it
            let msg: Vec<&str> = error
                .iter()
                .map(String::as_str)
                .take_while(|l| !l.starts_with('\'') && !l.starts_with("+-") && !l.starts_with("   "))
                .collect();
            let msg = if msg.is_empty() { error.join("\n") } else { msg.join("\n") };
            return Err(EngineError::Engine(format!("spark-sql: {msg}")));
        }
        Ok(rows)
    }

    /// Load a dataset's file: CSV through mopsc's loader, Parquet by Spark
    /// with the declared types. Returns the rows loaded and the bad rows
    /// skipped (always 0 for Parquet, whose values Spark casts).
    pub fn load(
        &mut self,
        ds: &Decl<Dataset>,
        file: &Path,
        max_bad_rows: usize,
    ) -> Result<(usize, usize), EngineError> {
        let cols = ds.data.schema();
        self.loaded.retain(|(d, _)| d != ds.name.value.as_str());
        // `CACHE TABLE` re-parses its name unquoted (Spark 3.5): cached
        // tables get plain names of their own
        self.files += 1;
        let table = format!("mopsc_{}", self.files);
        let cast = |from: &dyn Fn(&str) -> String| -> String {
            cols.iter()
                .map(|(n, t)| format!("CAST({} AS {}) AS {}", from(n), spark_type(*t), Dialect::Spark.ident(n)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let is_parquet = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
        if is_parquet {
            let path = file.display().to_string().replace('`', "");
            self.exec(&format!(
                "CACHE TABLE {table} AS SELECT {} FROM parquet.`{path}`",
                cast(&|n| Dialect::Spark.ident(n))
            ))?;
            self.loaded.push((ds.name.value.to_string(), table.clone()));
            let n = self.query(&format!("SELECT COUNT(*) AS n FROM {table}"))?;
            let rows = n.first().and_then(|r| r.first()).and_then(Cell::int).unwrap_or(0);
            return Ok((usize::try_from(rows).unwrap_or(0), 0));
        }
        let norm = self.dir.path().join(format!("load-{}.json", self.files));
        let f = std::fs::File::create(&norm).map_err(|e| EngineError::Engine(format!("temporary file: {e}")))?;
        let mut w = std::io::BufWriter::new(f);
        let names: Vec<String> = cols.iter().map(|(n, _)| n.to_string()).collect();
        let types: Vec<ColType> = cols.iter().map(|(_, t)| *t).collect();
        let out = load::read_csv(ds, file, max_bad_rows, |values| {
            let line = json_line(values, &names, &types);
            w.write_all(line.as_bytes()).map_err(|e| EngineError::Engine(format!("temporary file: {e}")))
        })?;
        w.flush().map_err(|e| EngineError::Engine(format!("temporary file: {e}")))?;
        drop(w);
        let raw = format!("{table}_raw");
        let defs: Vec<String> =
            cols.iter().map(|(n, t)| format!("{} {}", Dialect::Spark.ident(n), json_type(*t))).collect();
        self.exec(&format!(
            "CREATE OR REPLACE TEMPORARY VIEW {raw} ({}) USING json OPTIONS (path {}, mode 'FAILFAST')",
            defs.join(", "),
            sql_string(&norm.display().to_string())
        ))?;
        self.exec(&format!("CACHE TABLE {table} AS SELECT {} FROM {raw}", cast(&|n| Dialect::Spark.ident(n))))?;
        self.loaded.push((ds.name.value.to_string(), table));
        Ok(out)
    }
}

/// One row of converted values as a JSON object, one line.
fn json_line(values: &[Typed], names: &[String], types: &[ColType]) -> String {
    let mut obj = serde_json::Map::new();
    for (i, v) in values.iter().enumerate() {
        let Some(name) = names.get(i) else { continue };
        let j = match v {
            Typed::Null => serde_json::Value::Null,
            Typed::Int(x) if types.get(i) == Some(&ColType::Bool) => serde_json::Value::Bool(*x != 0),
            Typed::Int(x) => serde_json::Value::from(*x),
            Typed::Num(x) => {
                serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
            Typed::Text(s) => serde_json::Value::String(s.clone()),
        };
        obj.insert(name.clone(), j);
    }
    let mut s = serde_json::Value::Object(obj).to_string();
    s.push('\n');
    s
}

/// Rows of `to_json(struct(*))` lines, columns in their order.
fn parse_rows(rows: &[String]) -> Result<Vec<Vec<Cell>>, EngineError> {
    rows.iter()
        .map(|line| {
            let obj: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line)
                .map_err(|e| EngineError::Engine(format!("spark-sql: unreadable row: {e}")))?;
            Ok(obj.values().map(super::external::cell).collect())
        })
        .collect()
}

impl Engine for Spark {
    fn dialect(&self) -> Dialect {
        Dialect::Spark
    }
    fn print(&self, q: &Select) -> String {
        print::select(q, Dialect::Spark, &SparkTables(self))
    }
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Cell>>, EngineError> {
        let sql = sql.trim().trim_end_matches(';');
        let rows = self.exec(&format!(
            "SELECT concat('{ROW}', to_json(struct(*), map('timestampFormat', 'yyyy-MM-dd HH:mm:ss'))) FROM (\n{sql}\n) \
             AS mopsc_q"
        ))?;
        parse_rows(&rows)
    }
}

impl Drop for Spark {
    fn drop(&mut self) {
        // the end of standard input ends the session; the JVM is not waited
        // for longer than it takes to stop
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_null_apart_from_empty_and_their_column_order() {
        let rows = parse_rows(&["{\"b\":1,\"a\":null,\"c\":\"\",\"d\":0.1,\"e\":true,\"f\":\"x\\ty\"}".to_string()])
            .expect("parses");
        assert_eq!(
            rows,
            vec![vec![
                Cell::Int(1),
                Cell::Null,
                Cell::Text(String::new()),
                Cell::Num(0.1),
                Cell::Int(1),
                Cell::Text("x\ty".into())
            ]]
        );
        assert!(parse_rows(&["not json".to_string()]).is_err());
    }

    #[test]
    fn loaded_rows_are_json_lines_with_the_declared_names() {
        let names = vec!["k".to_string(), "ok".to_string(), "n".to_string(), "t".to_string()];
        let types = [ColType::Text, ColType::Bool, ColType::Number, ColType::Text];
        let line =
            json_line(&[Typed::Text("a\"b".into()), Typed::Int(1), Typed::Num(0.5), Typed::Null], &names, &types);
        assert_eq!(line, "{\"k\":\"a\\\"b\",\"ok\":true,\"n\":0.5,\"t\":null}\n");
    }

    #[test]
    fn spark_logs_are_not_errors() {
        assert!(is_noise("26/12/02 13:58:09 WARN Utils: Your hostname, vm resolves to a loopback address"));
        assert!(is_noise("Spark master: local[*], Application Id: local-1"));
        assert!(is_noise("26/12/02 13:58:09 ERROR Executor: Exception in task 0.0"));
        assert!(!is_noise("26/12/02 13:58:0é WARN"), "a line that only looks like a log");
        assert!(!is_noise("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `x`"));
    }

    #[test]
    fn a_missing_program_is_a_clear_error() {
        let Err(EngineError::Engine(m)) = Spark::new(Path::new("/nonexistent/spark-sql")) else { panic!("runs?") };
        assert!(m.contains("pip install pyspark") && m.contains("--spark-sql PATH"), "{m}");
    }
}
