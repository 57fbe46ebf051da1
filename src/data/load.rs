//! Reading data files: CSV (header row) or Parquet, converted by the
//! declared types into a SQLite table, one record at a time (bounded
//! memory). A value that does not convert is DATA001 (file, row, column); a
//! declared column missing from the header (or the Parquet schema) is
//! DATA002; a file that cannot be read is DATA003.

use std::path::Path;

use crate::model::{ColType, Dataset, Decl, Name};

/// A problem with a data file.
#[derive(Debug, Clone, PartialEq)]
pub struct DataError {
    pub code: &'static str,
    pub message: String,
    pub dataset: Name,
    pub file: String,
    /// 1-based line of the record in a CSV file (the header is line 1); the
    /// 1-based number of the record in a Parquet file.
    pub row: Option<u64>,
    pub column: Option<String>,
}

/// One row of converted values as a CSV line (with its newline) for an
/// engine's bulk load (PostgreSQL's COPY, DuckDB's COPY): an unquoted empty
/// field is NULL, text is always quoted (so an empty string stays one), NUL
/// bytes are dropped, booleans are `true`/`false` and numbers round-trip.
pub fn csv_line(values: &[Typed], types: &[ColType], line: &mut String) {
    line.clear();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        match v {
            Typed::Null => {}
            Typed::Int(x) if types.get(i) == Some(&ColType::Bool) => {
                line.push_str(if *x != 0 { "true" } else { "false" })
            }
            Typed::Int(x) => line.push_str(&x.to_string()),
            Typed::Num(x) => line.push_str(&format!("{x:?}")),
            Typed::Text(s) => {
                line.push('"');
                line.push_str(&s.replace('\0', "").replace('"', "\"\""));
                line.push('"');
            }
        }
    }
    line.push('\n');
}

/// A converted value, ready to bind.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Null,
    Int(i64),
    Num(f64),
    Text(String),
}

/// Convert one CSV field by its column type; empty is a missing value.
pub fn convert(raw: &str, ty: ColType) -> Result<Typed, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(Typed::Null);
    }
    match ty {
        ColType::Text => Ok(Typed::Text(raw.to_string())),
        ColType::Int => v
            .strip_prefix('+')
            .unwrap_or(v)
            .parse::<i64>()
            .map(Typed::Int)
            .map_err(|_| format!("`{}` is not an integer", short(v))),
        ColType::Number | ColType::Money => match v.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Typed::Num(x)),
            _ => Err(format!("`{}` is not a number", short(v))),
        },
        ColType::Bool => match v.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(Typed::Int(1)),
            "false" | "0" | "no" => Ok(Typed::Int(0)),
            _ => Err(format!("`{}` is not a bool (true/false, 1/0, yes/no)", short(v))),
        },
        ColType::Date => v
            .parse::<jiff::civil::Date>()
            .map(|d| Typed::Text(d.to_string()))
            .map_err(|_| format!("`{}` is not an ISO date (YYYY-MM-DD)", short(v))),
        ColType::Timestamp => timestamp(v)
            .map(Typed::Text)
            .ok_or_else(|| format!("`{}` is not an ISO 8601 timestamp (e.g. 2026-11-24T09:30:00Z)", short(v))),
    }
}

/// An ISO 8601 timestamp as UTC `YYYY-MM-DD HH:MM:SS` (no offset: UTC; a
/// bare date: midnight).
pub fn timestamp(v: &str) -> Option<String> {
    let fmt = |dt: jiff::civil::DateTime| dt.strftime("%Y-%m-%d %H:%M:%S").to_string();
    if let Ok(ts) = v.parse::<jiff::Timestamp>() {
        return Some(fmt(ts.to_zoned(jiff::tz::TimeZone::UTC).datetime()));
    }
    if let Ok(dt) = v.parse::<jiff::civil::DateTime>() {
        return Some(fmt(dt));
    }
    if v.len() == 10 {
        if let Ok(d) = v.parse::<jiff::civil::Date>() {
            return Some(fmt(d.to_datetime(jiff::civil::Time::midnight())));
        }
    }
    None
}

fn short(v: &str) -> String {
    let mut s: String = v.chars().take(40).filter(|c| !c.is_control()).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}

fn sql_type(t: ColType) -> &'static str {
    match t {
        ColType::Int | ColType::Bool => "INTEGER",
        ColType::Number | ColType::Money => "REAL",
        ColType::Text | ColType::Date | ColType::Timestamp => "TEXT",
    }
}

/// Load `file` into the table named after the dataset.
pub fn csv_into_sqlite(
    conn: &mut rusqlite::Connection,
    ds: &Decl<Dataset>,
    file: &Path,
    max_bad_rows: usize,
) -> Result<(usize, usize), super::engine::EngineError> {
    let cols = ds.data.schema();
    let table = super::print::Dialect::Sqlite.ident(&ds.name.value);
    let defs: Vec<String> =
        cols.iter().map(|(n, t)| format!("{} {}", super::print::Dialect::Sqlite.ident(n), sql_type(*t))).collect();
    let tx = conn.transaction()?;
    tx.execute_batch(&format!("DROP TABLE IF EXISTS {table}; CREATE TABLE {table} ({});", defs.join(", ")))?;
    let out = {
        let marks = vec!["?"; cols.len()].join(", ");
        let mut stmt = tx.prepare(&format!("INSERT INTO {table} VALUES ({marks})"))?;
        read_rows(ds, file, max_bad_rows, |values| {
            let params = rusqlite::params_from_iter(values.iter().map(|v| match v {
                Typed::Null => rusqlite::types::Value::Null,
                Typed::Int(i) => rusqlite::types::Value::Integer(*i),
                Typed::Num(x) => rusqlite::types::Value::Real(*x),
                Typed::Text(s) => rusqlite::types::Value::Text(s.clone()),
            }));
            stmt.execute(params)?;
            Ok(())
        })?
    };
    tx.commit()?;
    Ok(out)
}

/// Whether `file` is read as Parquet (by its extension, `.parquet`).
pub fn is_parquet(file: &Path) -> bool {
    file.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// Read a dataset's file, Parquet or CSV by its extension, converting each
/// record by the dataset's columns (in `Dataset::schema` order); every good
/// row goes to `sink`. Returns the rows loaded and the bad rows skipped.
pub fn read_rows(
    ds: &Decl<Dataset>,
    file: &Path,
    max_bad_rows: usize,
    sink: impl FnMut(&[Typed]) -> Result<(), super::engine::EngineError>,
) -> Result<(usize, usize), super::engine::EngineError> {
    if is_parquet(file) {
        read_parquet(ds, file, max_bad_rows, sink)
    } else {
        read_csv(ds, file, max_bad_rows, sink)
    }
}

/// A Parquet value as the text the CSV loader would have read for it, so
/// both formats convert through [`convert`] with the same results and the
/// same messages: timestamps (UTC, or naive and taken as UTC) in RFC 3339,
/// dates ISO, numbers in their shortest round-trip form.
fn parquet_text(f: parquet::record::Field) -> Result<String, String> {
    use parquet::record::Field as F;
    Ok(match f {
        F::Null => String::new(),
        F::Str(s) => s,
        F::Bytes(b) => String::from_utf8(b.data().to_vec()).map_err(|_| "the value is not valid UTF-8".to_string())?,
        F::Bool(b) => b.to_string(),
        F::Byte(x) => x.to_string(),
        F::Short(x) => x.to_string(),
        F::Int(x) => x.to_string(),
        F::Long(x) => x.to_string(),
        F::UByte(x) => x.to_string(),
        F::UShort(x) => x.to_string(),
        F::UInt(x) => x.to_string(),
        F::ULong(x) => x.to_string(),
        F::Float(x) => x.to_string(),
        F::Double(x) => x.to_string(),
        F::Date(days) => jiff::civil::date(1970, 1, 1)
            .checked_add(jiff::Span::new().days(i64::from(days)))
            .map_err(|_| format!("the date {days} days after 1970-01-01 is out of range"))?
            .to_string(),
        F::TimestampMillis(ms) => jiff::Timestamp::from_millisecond(ms)
            .map_err(|_| format!("the timestamp {ms} ms after 1970 is out of range"))?
            .to_string(),
        F::TimestampMicros(us) => jiff::Timestamp::from_microsecond(us)
            .map_err(|_| format!("the timestamp {us} µs after 1970 is out of range"))?
            .to_string(),
        F::Group(_) | F::ListInternal(_) | F::MapInternal(_) => {
            return Err("a nested value (group, list or map) is not a column value".into())
        }
        other => other.to_string(),
    })
}

fn data_error(
    ds: &Decl<Dataset>,
    shown: &str,
    code: &'static str,
    message: String,
    row: Option<u64>,
    column: Option<String>,
) -> DataError {
    DataError { code, message, dataset: ds.name.value.clone(), file: shown.to_string(), row, column }
}

/// What both readers count: the rows loaded, and the rows whose values do
/// not convert (DATA001), of which the first 20 are kept to show; past
/// `--max-bad-rows` the load stops with them.
struct Tally<'a> {
    ds: &'a Decl<Dataset>,
    shown: &'a str,
    bad: Vec<DataError>,
    bad_rows: usize,
    loaded: usize,
    max_bad_rows: usize,
}

impl<'a> Tally<'a> {
    fn new(ds: &'a Decl<Dataset>, shown: &'a str, max_bad_rows: usize) -> Tally<'a> {
        Tally { ds, shown, bad: Vec::new(), bad_rows: 0, loaded: 0, max_bad_rows }
    }

    /// The DATA001 of a cell at `row` that does not convert to column
    /// `name`'s type.
    fn bad_value(&self, m: String, name: &str, ty: ColType, row: u64) -> DataError {
        data_error(
            self.ds,
            self.shown,
            "DATA001",
            format!("{m} (column `{name}` is {})", ty.as_str()),
            Some(row),
            Some(name.to_string()),
        )
    }

    /// One row read: its values go to `sink`, or its error is counted.
    fn row(
        &mut self,
        bad: Option<DataError>,
        values: &[Typed],
        sink: &mut impl FnMut(&[Typed]) -> Result<(), super::engine::EngineError>,
    ) -> Result<(), super::engine::EngineError> {
        if let Some(e) = bad {
            self.bad_rows += 1;
            if self.bad.len() < 20 {
                self.bad.push(e);
            }
            if self.bad_rows > self.max_bad_rows {
                return Err(super::engine::EngineError::Data(std::mem::take(&mut self.bad)));
            }
            return Ok(());
        }
        sink(values)?;
        self.loaded += 1;
        Ok(())
    }

    /// `(rows loaded, rows skipped)`.
    fn done(&self) -> (usize, usize) {
        (self.loaded, self.bad_rows)
    }
}

/// Read a Parquet file record by record (the columns the dataset declares,
/// by name), as [`read_csv`] reads a CSV file.
pub fn read_parquet(
    ds: &Decl<Dataset>,
    file: &Path,
    max_bad_rows: usize,
    mut sink: impl FnMut(&[Typed]) -> Result<(), super::engine::EngineError>,
) -> Result<(usize, usize), super::engine::EngineError> {
    use super::engine::EngineError;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let shown = file.display().to_string();
    let mut tally = Tally::new(ds, &shown, max_bad_rows);
    let err = |code: &'static str, message: String, row: Option<u64>, column: Option<String>| {
        data_error(ds, &shown, code, message, row, column)
    };
    let unreadable = |e: parquet::errors::ParquetError, row: Option<u64>| {
        EngineError::Data(vec![err("DATA003", format!("cannot read `{shown}` as Parquet: {e}"), row, None)])
    };
    let f = std::fs::File::open(file)
        .map_err(|e| EngineError::Data(vec![err("DATA003", format!("cannot read the file: {e}"), None, None)]))?;
    let reader = SerializedFileReader::new(f).map_err(|e| unreadable(e, None))?;
    let root = reader.metadata().file_metadata().schema_descr().root_schema().clone();
    let fields = root.get_fields();
    let cols = ds.data.schema();
    let mut picked = Vec::with_capacity(cols.len());
    let mut missing = Vec::new();
    for (name, _) in &cols {
        match fields.iter().find(|f| f.name() == name.as_str()) {
            Some(f) => picked.push(f.clone()),
            None => missing.push(err(
                "DATA002",
                format!(
                    "the Parquet schema has no column `{name}` (its columns: {})",
                    fields.iter().take(12).map(|f| short(f.name())).collect::<Vec<_>>().join(", ")
                ),
                None,
                Some(name.to_string()),
            )),
        }
    }
    if !missing.is_empty() {
        return Err(EngineError::Data(missing));
    }
    let projection = parquet::schema::types::Type::group_type_builder(root.name())
        .with_fields(picked)
        .build()
        .map_err(|e| unreadable(e, None))?;
    let rows = reader.get_row_iter(Some(projection)).map_err(|e| unreadable(e, None))?;
    // where each declared column is in a row (the projection's order), found on the first row
    let mut order: Option<Vec<usize>> = None;
    let mut values: Vec<Typed> = Vec::with_capacity(cols.len());
    let mut cells: Vec<Option<parquet::record::Field>> = Vec::with_capacity(cols.len());
    for (i, row) in rows.enumerate() {
        let number = i as u64 + 1;
        let row = row.map_err(|e| unreadable(e, Some(number)))?;
        let columns = row.into_columns();
        let order = order.get_or_insert_with(|| {
            cols.iter()
                .map(|(name, _)| columns.iter().position(|(n, _)| n == name.as_str()).unwrap_or(usize::MAX))
                .collect()
        });
        cells.clear();
        cells.extend(columns.into_iter().map(|(_, f)| Some(f)));
        values.clear();
        let mut row_bad = None;
        for ((name, ty), &at) in cols.iter().zip(order.iter()) {
            let conv = match cells.get_mut(at).and_then(Option::take) {
                Some(f) => parquet_text(f).and_then(|s| convert(&s, *ty)),
                None => Ok(Typed::Null),
            };
            match conv {
                Ok(v) => values.push(v),
                Err(m) => {
                    row_bad = Some(tally.bad_value(m, name, *ty, number));
                    break;
                }
            }
        }
        tally.row(row_bad, &values, &mut sink)?;
    }
    Ok(tally.done())
}

/// Read a CSV file record by record, converting each by the dataset's
/// columns (in `Dataset::schema` order), and hand every good row to `sink`.
/// Returns the rows loaded and the bad rows skipped.
pub fn read_csv(
    ds: &Decl<Dataset>,
    file: &Path,
    max_bad_rows: usize,
    mut sink: impl FnMut(&[Typed]) -> Result<(), super::engine::EngineError>,
) -> Result<(usize, usize), super::engine::EngineError> {
    use super::engine::EngineError;
    let shown = file.display().to_string();
    let mut tally = Tally::new(ds, &shown, max_bad_rows);
    let err = |code: &'static str, message: String, row: Option<u64>, column: Option<String>| {
        data_error(ds, &shown, code, message, row, column)
    };
    let f = std::fs::File::open(file)
        .map_err(|e| EngineError::Data(vec![err("DATA003", format!("cannot read the file: {e}"), None, None)]))?;
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(std::io::BufReader::new(f));
    let header: Vec<String> = match rdr.byte_headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let s = String::from_utf8_lossy(b).trim().to_string();
                if i == 0 {
                    s.trim_start_matches('\u{FEFF}').to_string()
                } else {
                    s
                }
            })
            .collect(),
        Err(e) => {
            return Err(EngineError::Data(vec![err("DATA003", format!("cannot read `{shown}`: {e}"), None, None)]))
        }
    };
    let cols = ds.data.schema();
    let mut idx = Vec::with_capacity(cols.len());
    let mut missing = Vec::new();
    for (name, _) in &cols {
        match header.iter().position(|h| h == name.as_str()) {
            Some(i) => idx.push(i),
            None => missing.push(err(
                "DATA002",
                format!(
                    "the header has no column `{name}` (its columns: {})",
                    header.iter().take(12).map(|h| short(h)).collect::<Vec<_>>().join(", ")
                ),
                Some(1),
                Some(name.to_string()),
            )),
        }
    }
    if !missing.is_empty() {
        return Err(EngineError::Data(missing));
    }
    {
        let mut rec = csv::ByteRecord::new();
        let mut values: Vec<Typed> = Vec::with_capacity(cols.len());
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let row = e.position().map(|p| p.line());
                    return Err(EngineError::Data(vec![err(
                        "DATA003",
                        format!("cannot read `{shown}`: {e}"),
                        row,
                        None,
                    )]));
                }
            }
            let line = rec.position().map_or(0, |p| p.line());
            values.clear();
            let mut row_bad = None;
            if rec.len() != header.len() {
                row_bad = Some(err(
                    "DATA001",
                    format!("row has {} fields, the header has {}", rec.len(), header.len()),
                    Some(line),
                    None,
                ));
            } else {
                for ((name, ty), &i) in cols.iter().zip(&idx) {
                    let raw = rec.get(i).unwrap_or_default();
                    let conv = std::str::from_utf8(raw)
                        .map_err(|_| "the value is not valid UTF-8".to_string())
                        .and_then(|s| convert(s, *ty));
                    match conv {
                        Ok(v) => values.push(v),
                        Err(m) => {
                            row_bad = Some(tally.bad_value(m, name, *ty, line));
                            break;
                        }
                    }
                }
            }
            tally.row(row_bad, &values, &mut sink)?;
        }
    }
    Ok(tally.done())
}
