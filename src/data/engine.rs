//! Engines: where the printed SQL runs. SQLite is embedded (rusqlite,
//! bundled): files are loaded typed into a temporary database on disk, so
//! memory stays bounded by SQLite's page cache. Every engine gets only SQL
//! printed from the IR.

use std::path::{Path, PathBuf};

use super::ir::{Select, Tables};
use super::load::{self, DataError};
use super::print::{self, Dialect};
use crate::model::{Dataset, Decl};

/// A value read back from an engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Num(f64),
    Text(String),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(x) => x.to_string(),
            Cell::Text(s) => s.clone(),
        }
    }
    pub fn int(&self) -> Option<i64> {
        match self {
            Cell::Int(i) => Some(*i),
            Cell::Num(x) => Some(x.round() as i64),
            Cell::Text(s) => s.trim().parse().ok(),
            Cell::Null => None,
        }
    }
    pub fn boolean(&self) -> Option<bool> {
        match self {
            Cell::Null => None,
            Cell::Text(s) => match s.as_str() {
                "t" | "true" | "TRUE" | "1" => Some(true),
                _ => Some(false),
            },
            c => c.int().map(|i| i != 0),
        }
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum EngineError {
    /// DATA001–DATA003: the data could not be read.
    Data(Vec<DataError>),
    /// DATA004: the engine failed; its message.
    Engine(String),
}

impl From<rusqlite::Error> for EngineError {
    fn from(e: rusqlite::Error) -> EngineError {
        EngineError::Engine(e.to_string())
    }
}

pub trait Engine {
    fn dialect(&self) -> Dialect;
    /// The query in this engine's dialect and table names.
    fn print(&self, q: &Select) -> String;
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Cell>>, EngineError>;
    /// Keep the rows of `q` as the table `name` for the queries that follow
    /// (which then read it instead of computing it each): true when done;
    /// false (the default) when this engine recomputes a named query in
    /// every query that reads it.
    fn materialize(&mut self, name: &str, q: &Select) -> Result<bool, EngineError> {
        let _ = (name, q);
        Ok(false)
    }
}

/// The embedded engine.
pub struct Sqlite {
    conn: rusqlite::Connection,
    _dir: tempfile::TempDir,
}

struct SqliteTables;

impl Tables for SqliteTables {
    fn table(&self, dataset: &str) -> String {
        Dialect::Sqlite.ident(dataset)
    }
}

impl Sqlite {
    /// A fresh temporary database with the `regexp` function of the portable
    /// subset.
    pub fn new() -> Result<Sqlite, EngineError> {
        let dir = tempfile::tempdir().map_err(|e| EngineError::Engine(format!("temporary directory: {e}")))?;
        let conn = rusqlite::Connection::open(dir.path().join("data.sqlite"))?;
        // a 256 MB page cache (the sorter's memory too: with 16 MB the
        // window that numbers 1M touches spilled and took 40 % longer) and
        // a second thread for sorts (docs/performance.md)
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA threads = 2;",
        )?;
        register_regexp(&conn)?;
        register_power(&conn)?;
        Ok(Sqlite { conn, _dir: dir })
    }

    /// Load a dataset's CSV or Parquet file (typed; DATA001–DATA003).
    /// Returns the rows loaded and the bad rows skipped.
    pub fn load(
        &mut self,
        ds: &Decl<Dataset>,
        file: &Path,
        max_bad_rows: usize,
    ) -> Result<(usize, usize), EngineError> {
        load::csv_into_sqlite(&mut self.conn, ds, file, max_bad_rows)
    }

    pub fn connection(&self) -> &rusqlite::Connection {
        &self.conn
    }
}

fn register_regexp(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function("regexp", 2, FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC, |ctx| {
        let re: std::sync::Arc<regex::Regex> = ctx
            .get_or_create_aux(0, |v| -> Result<_, Box<dyn std::error::Error + Send + Sync>> {
                Ok(regex::Regex::new(v.as_str()?)?)
            })?;
        let text: Option<String> = ctx.get(1)?;
        Ok(text.map(|t| re.is_match(&t)))
    })
}

/// `power(x, y)`, which the SQLite shell has (math functions) and the
/// bundled library is built without.
fn register_power(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function("power", 2, FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC, |ctx| {
        let x: Option<f64> = ctx.get(0)?;
        let y: Option<f64> = ctx.get(1)?;
        Ok(match (x, y) {
            (Some(x), Some(y)) => Some(x.powf(y)),
            _ => None,
        })
    })
}

impl Engine for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn print(&self, q: &Select) -> String {
        print::select(q, Dialect::Sqlite, &SqliteTables)
    }
    /// A temporary table, with an index on the person and the first column
    /// after it (the queries join on them).
    fn materialize(&mut self, name: &str, q: &Select) -> Result<bool, EngineError> {
        let table = Dialect::Sqlite.ident(name);
        let mut sql = format!(
            "DROP TABLE IF EXISTS temp.{table};\n{}",
            print::create_temp(name, q, Dialect::Sqlite, &SqliteTables)
        );
        if let [(a, _), (b, _), ..] = q.cols.as_slice() {
            let index = Dialect::Sqlite.ident(&format!("{name}_key"));
            sql.push_str(&format!(
                ";\nCREATE INDEX temp.{index} ON {table} ({}, {});",
                Dialect::Sqlite.ident(a),
                Dialect::Sqlite.ident(b)
            ));
        }
        self.conn.execute_batch(&sql)?;
        Ok(true)
    }
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Cell>>, EngineError> {
        let mut stmt = self.conn.prepare(sql)?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                use rusqlite::types::ValueRef;
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(v) => Cell::Int(v),
                    ValueRef::Real(v) => Cell::Num(v),
                    ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Cell::Text(String::from_utf8_lossy(b).into_owned()),
                });
            }
            out.push(row);
        }
        Ok(out)
    }
}

/// The table names of a warehouse: a dataset's `table`, else its name.
pub struct WarehouseTables<'m> {
    pub model: &'m crate::model::Model,
    pub dialect: Dialect,
}

impl Tables for WarehouseTables<'_> {
    fn table(&self, dataset: &str) -> String {
        match self.model.dataset(dataset).and_then(|d| d.data.table.as_ref()) {
            Some(t) => t.value.split('.').map(|p| self.dialect.ident(p)).collect::<Vec<_>>().join("."),
            None => self.dialect.ident(dataset),
        }
    }
}

/// The file a dataset reads, resolved against its declaring file.
pub fn dataset_file(decl_path: &Path, rel: &str) -> PathBuf {
    decl_path.parent().unwrap_or(Path::new(".")).join(rel)
}

/// A PostgreSQL server (`--engine postgres --dsn …`): the same printed
/// query, on tables loaded from the datasets' files (temporary tables named
/// after the datasets) or, for a dataset without a file, its `table`.
pub struct Postgres {
    client: postgres::Client,
    /// The server's version (`SHOW server_version`, its first word).
    pub version: String,
    /// Where the server is: `host:port` of the connection string.
    pub place: String,
    /// Datasets loaded into temporary tables.
    loaded: Vec<String>,
    tables: Vec<(String, String)>,
}

impl From<postgres::Error> for EngineError {
    fn from(e: postgres::Error) -> EngineError {
        EngineError::Engine(e.to_string())
    }
}

struct PgTables<'a>(&'a Postgres);

impl Tables for PgTables<'_> {
    fn table(&self, dataset: &str) -> String {
        if self.0.loaded.iter().any(|d| d == dataset) {
            return Dialect::Postgres.ident(dataset);
        }
        match self.0.tables.iter().find(|(d, _)| d == dataset) {
            Some((_, t)) => t.split('.').map(|p| Dialect::Postgres.ident(p)).collect::<Vec<_>>().join("."),
            None => Dialect::Postgres.ident(dataset),
        }
    }
}

impl Postgres {
    pub fn connect(dsn: &str) -> Result<Postgres, EngineError> {
        let config: postgres::Config = dsn.parse()?;
        let mut client = config.connect(postgres::NoTls)?;
        let version = client
            .query_one("SHOW server_version", &[])
            .ok()
            .and_then(|r| r.try_get::<_, String>(0).ok())
            .and_then(|v| v.split_whitespace().next().map(str::to_string))
            .unwrap_or_else(|| "?".into());
        Ok(Postgres { client, version, place: pg_place(&config), loaded: Vec::new(), tables: Vec::new() })
    }

    /// Read a dataset from its `table` on the server.
    pub fn use_table(&mut self, dataset: &str, table: &str) {
        self.tables.push((dataset.to_string(), table.to_string()));
    }

    /// Load a dataset's CSV or Parquet file into a temporary table (COPY),
    /// converted exactly as the SQLite engine converts it.
    pub fn load(
        &mut self,
        ds: &Decl<Dataset>,
        file: &Path,
        max_bad_rows: usize,
    ) -> Result<(usize, usize), EngineError> {
        use crate::model::ColType;
        use std::io::Write;
        let cols = ds.data.schema();
        let table = Dialect::Postgres.ident(&ds.name.value);
        let defs: Vec<String> = cols
            .iter()
            .map(|(n, t)| {
                let ty = match t {
                    ColType::Text => "TEXT",
                    ColType::Int => "BIGINT",
                    ColType::Number | ColType::Money => "DOUBLE PRECISION",
                    ColType::Bool => "BOOLEAN",
                    ColType::Date => "DATE",
                    ColType::Timestamp => "TIMESTAMP",
                };
                format!("{} {ty}", Dialect::Postgres.ident(n))
            })
            .collect();
        self.client.batch_execute(&format!(
            "DROP TABLE IF EXISTS {table}; CREATE TEMP TABLE {table} ({});",
            defs.join(", ")
        ))?;
        let types: Vec<ColType> = cols.iter().map(|(_, t)| *t).collect();
        let mut writer = self.client.copy_in(&format!("COPY {table} FROM STDIN (FORMAT csv)"))?;
        let mut line = String::new();
        let out = load::read_rows(ds, file, max_bad_rows, |values| {
            load::csv_line(values, &types, &mut line);
            writer.write_all(line.as_bytes()).map_err(|e| EngineError::Engine(e.to_string()))
        })?;
        writer.finish()?;
        self.loaded.push(ds.name.value.to_string());
        Ok(out)
    }
}

/// `host:port` of a connection string (the first host; a socket directory
/// as its path).
fn pg_place(config: &postgres::Config) -> String {
    use postgres::config::Host;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}")
}

impl Engine for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn print(&self, q: &Select) -> String {
        print::select(q, Dialect::Postgres, &PgTables(self))
    }
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Cell>>, EngineError> {
        use postgres::types::Type;
        use postgres::SimpleQueryMessage;
        // The column types from the prepared statement, the values in
        // PostgreSQL's text form (exact for every type: NUMERIC sums, dates
        // and timestamps as SQLite's text, floats round-trip), converted by
        // type.
        let types: Vec<Type> = self.client.prepare(sql)?.columns().iter().map(|c| c.type_().clone()).collect();
        let mut out = Vec::new();
        for m in self.client.simple_query(sql)? {
            let SimpleQueryMessage::Row(r) = m else { continue };
            let mut row = Vec::with_capacity(r.len());
            for i in 0..r.len() {
                let Some(v) = r.get(i) else {
                    row.push(Cell::Null);
                    continue;
                };
                let bad = || EngineError::Engine(format!("postgres: unreadable value `{v}` in column {i}"));
                row.push(match types.get(i) {
                    Some(&Type::INT2) | Some(&Type::INT4) | Some(&Type::INT8) => {
                        Cell::Int(v.parse().map_err(|_| bad())?)
                    }
                    Some(&Type::FLOAT4) | Some(&Type::FLOAT8) | Some(&Type::NUMERIC) => {
                        Cell::Num(v.parse().map_err(|_| bad())?)
                    }
                    Some(&Type::BOOL) => Cell::Int(i64::from(v == "t")),
                    _ => Cell::Text(v.to_string()),
                });
            }
            out.push(row);
        }
        Ok(out)
    }
}

/// An engine chosen by name (`--engine`), with its datasets to load.
pub enum Opened {
    Sqlite(Sqlite),
    Pg(Box<Postgres>),
    Duck(Box<super::external::DuckDb>),
    Spark(Box<super::spark::Spark>),
}

/// Why no engine could be opened.
#[derive(Debug)]
pub enum OpenError {
    /// Bad usage (exit 2): an unknown engine, postgres without a DSN.
    Usage(String),
    /// DATA004: the engine is not available or failed to start.
    Engine(EngineError),
}

/// The engine options every data command takes (`score`, `attribute`,
/// `check --data`, `audit --data`).
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct EngineChoice {
    /// The engine: sqlite (embedded), duckdb (the duckdb program), postgres (a server, --dsn), spark (the
    /// spark-sql program), or auto (duckdb when its program is found, else sqlite).
    #[arg(long, default_value = "auto", value_name = "ENGINE")]
    pub engine: String,
    /// The PostgreSQL connection string for --engine postgres.
    #[arg(long, env = "MOPS_DSN", value_name = "DSN", hide_env_values = true)]
    pub dsn: Option<String>,
    /// The DuckDB command-line program for --engine duckdb|auto (default: `duckdb` on PATH).
    #[arg(long, value_name = "PATH")]
    pub duckdb: Option<PathBuf>,
    /// The spark-sql program for --engine spark (default: `spark-sql` on PATH).
    #[arg(long = "spark-sql", value_name = "PATH")]
    pub spark_sql: Option<PathBuf>,
}

impl Default for EngineChoice {
    fn default() -> EngineChoice {
        EngineChoice { engine: "auto".into(), dsn: None, duckdb: None, spark_sql: None }
    }
}

impl EngineChoice {
    /// The embedded engine, whatever is installed.
    pub fn sqlite() -> EngineChoice {
        EngineChoice { engine: "sqlite".into(), ..EngineChoice::default() }
    }

    /// Open the chosen engine.
    pub fn open(&self) -> Result<Opened, OpenError> {
        use super::external::{find_duckdb, DuckDb};
        match self.engine.as_str() {
            "sqlite" => Sqlite::new().map(Opened::Sqlite).map_err(OpenError::Engine),
            "auto" => match find_duckdb(self.duckdb.as_deref()).map(|p| DuckDb::new(&p)) {
                Some(Ok(d)) => Ok(Opened::Duck(Box::new(d))),
                _ => Sqlite::new().map(Opened::Sqlite).map_err(OpenError::Engine),
            },
            "duckdb" => match find_duckdb(self.duckdb.as_deref()) {
                Some(p) => DuckDb::new(&p).map(|d| Opened::Duck(Box::new(d))).map_err(OpenError::Engine),
                None => Err(OpenError::Engine(EngineError::Engine(
                    "no `duckdb` program on PATH: install DuckDB's command-line program (e.g. `pip install \
                     duckdb-cli`) or pass --duckdb PATH"
                        .into(),
                ))),
            },
            "postgres" => match &self.dsn {
                Some(dsn) => Postgres::connect(dsn).map(|p| Opened::Pg(Box::new(p))).map_err(OpenError::Engine),
                None => Err(OpenError::Usage("DATA004: --engine postgres needs --dsn (or MOPS_DSN)".into())),
            },
            "spark" => match super::spark::find_spark_sql(self.spark_sql.as_deref()) {
                Some(p) => super::spark::Spark::new(&p).map(|s| Opened::Spark(Box::new(s))).map_err(OpenError::Engine),
                None => Err(OpenError::Engine(EngineError::Engine(super::spark::MISSING.into()))),
            },
            other => Err(OpenError::Usage(format!(
                "DATA004: there is no engine `{other}` (sqlite, duckdb, postgres, spark, auto)"
            ))),
        }
    }
}

/// The engine `name` (`sqlite`, `duckdb`, `postgres`, `spark` or `auto`:
/// duckdb when the program is found, else sqlite). `duckdb` is `--duckdb
/// PATH`.
pub fn open(name: &str, dsn: Option<&str>, duckdb: Option<&Path>) -> Result<Opened, OpenError> {
    EngineChoice {
        engine: name.to_string(),
        dsn: dsn.map(str::to_string),
        duckdb: duckdb.map(Path::to_path_buf),
        spark_sql: None,
    }
    .open()
}

impl Opened {
    /// Load a dataset's file into the engine.
    pub fn load(
        &mut self,
        ds: &Decl<Dataset>,
        file: &Path,
        max_bad_rows: usize,
    ) -> Result<(usize, usize), EngineError> {
        match self {
            Opened::Sqlite(e) => e.load(ds, file, max_bad_rows),
            Opened::Pg(e) => e.load(ds, file, max_bad_rows),
            Opened::Duck(e) => e.load(ds, file, max_bad_rows),
            Opened::Spark(e) => e.load(ds, file, max_bad_rows),
        }
    }

    /// Read a dataset from its warehouse `table`; false when this engine
    /// reads only files.
    pub fn use_table(&mut self, dataset: &str, table: &str) -> bool {
        match self {
            Opened::Pg(pg) => {
                pg.use_table(dataset, table);
                true
            }
            Opened::Spark(s) => {
                s.use_table(dataset, table);
                true
            }
            _ => false,
        }
    }

    pub fn engine(&mut self) -> &mut dyn Engine {
        match self {
            Opened::Sqlite(e) => e,
            Opened::Pg(e) => e.as_mut(),
            Opened::Duck(e) => e.as_mut(),
            Opened::Spark(e) => e.as_mut(),
        }
    }

    /// Which engine ran, for `-v` and the JSON outputs: `NAME VERSION
    /// (WHERE)`, e.g. `sqlite 3.46.0 (embedded)`, `duckdb 1.5.6
    /// (/usr/bin/duckdb)`, `postgres 15.14 (127.0.0.1:5432)`.
    pub fn describe(&self) -> String {
        match self {
            Opened::Sqlite(_) => format!("sqlite {} (embedded)", rusqlite::version()),
            Opened::Pg(p) => format!("postgres {} ({})", p.version, p.place),
            Opened::Duck(d) => d.describe(),
            Opened::Spark(s) => s.describe(),
        }
    }
}
