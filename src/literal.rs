//! Checking and converting literals (LANGUAGE.md §1). Every failure is an
//! E003 message; the caller attaches the span.

use serde::{Serialize, Serializer};
use std::fmt;

/// Money in hundredths of the currency unit (cents). Amounts with more than
/// two decimal places are rejected (E003): see docs/decisions.md.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Money {
    pub cents: i64,
    /// An ISO 4217 code (three letters, so always stored inline).
    pub currency: compact_str::CompactString,
}

impl Money {
    /// The amount as a decimal string with two places: `40000.00`.
    pub fn amount_string(&self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let c = self.cents.unsigned_abs();
        format!("{sign}{}.{:02}", c / 100, c % 100)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.cents < 0 { "-" } else { "" };
        let c = self.cents.unsigned_abs();
        if c.is_multiple_of(100) {
            write!(f, "{sign}{} {}", c / 100, self.currency)
        } else {
            write!(f, "{sign}{}.{:02} {}", c / 100, c % 100, self.currency)
        }
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Money", 2)?;
        st.serialize_field("amount", &self.amount_string())?;
        st.serialize_field("currency", &self.currency)?;
        st.end()
    }
}

/// The form [`Money`] serializes to, read back (a plan JSON written earlier,
/// for `plan --diff`): the amount a decimal string, as `money` checks it.
impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        #[derive(serde::Deserialize)]
        struct Wire {
            amount: String,
            currency: String,
        }
        let w = Wire::deserialize(d)?;
        money(&w.amount, &w.currency).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Yr,
    Mo,
}

/// Money per year or month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub money: Money,
    pub per: Per,
}

impl Rate {
    /// The yearly amount (`/mo` is 12x).
    pub fn yearly(&self) -> Money {
        let cents = match self.per {
            Per::Yr => self.money.cents,
            Per::Mo => self.money.cents.saturating_mul(12),
        };
        Money { cents, currency: self.money.currency.clone() }
    }
}

/// A duration in hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Duration {
    pub hours: i64,
}

impl Duration {
    /// Whole calendar days, hours rounded up (PLAN.md).
    pub fn days_ceil(&self) -> i64 {
        (self.hours + 23).div_euclid(24)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.hours % 24 == 0 {
            write!(f, "{}d", self.hours / 24)
        } else {
            write!(f, "{}h", self.hours)
        }
    }
}

/// A percent in hundredths of a percent: `12.5%` is 1250.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Percent {
    pub hundredths: i64,
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.hundredths % 100 == 0 {
            write!(f, "{}%", self.hundredths / 100)
        } else {
            let s = format!("{}.{:02}", self.hundredths / 100, self.hundredths.abs() % 100);
            write!(f, "{}%", s.trim_end_matches('0'))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct IntRange {
    pub low: i64,
    pub high: Option<i64>,
}

impl fmt::Display for IntRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.high {
            Some(h) => write!(f, "{}..{}", self.low, h),
            None => write!(f, "{}..", self.low),
        }
    }
}

pub type Date = jiff::civil::Date;

/// Parse an integer literal: optional sign, digits, `_` separators.
pub fn integer(raw: &str) -> Result<i64, String> {
    let cleaned: String = raw.chars().filter(|c| *c != '_').collect();
    let cleaned = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    cleaned.parse::<i64>().map_err(|_| format!("integer `{raw}` does not fit in 64 bits (the largest is {})", i64::MAX))
}

/// Parse a decimal number into (integer part, fraction digits as written).
fn fixed(raw: &str, places: u32, what: &str) -> Result<i64, String> {
    let cleaned: String = raw.chars().filter(|c| *c != '_').collect();
    let (neg, body) = match cleaned.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned).to_string()),
    };
    let (int, frac) = body.split_once('.').unwrap_or((&body, ""));
    if frac.len() > places as usize {
        return Err(format!("{what} `{raw}` has more than {places} decimal places"));
    }
    let scale = 10i64.pow(places);
    let overflow = || format!("{what} `{raw}` is too large");
    let i: i64 = int.parse().map_err(|_| overflow())?;
    let mut f: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| overflow())? };
    for _ in frac.len()..places as usize {
        f *= 10;
    }
    let v = i.checked_mul(scale).and_then(|v| v.checked_add(f)).ok_or_else(overflow)?;
    Ok(if neg { -v } else { v })
}

/// A decimal value as f64 (for `roas` and the evaluation bar).
pub fn decimal(raw: &str) -> Result<f64, String> {
    let cleaned: String = raw.chars().filter(|c| *c != '_').collect();
    cleaned.parse::<f64>().map_err(|_| format!("`{raw}` is not a valid decimal number"))
}

pub fn money(amount: &str, currency: &str) -> Result<Money, String> {
    if !is_iso4217(currency) {
        let hint = if currency.len() == 3 { "" } else { " (a code is exactly three uppercase letters)" };
        return Err(format!("`{currency}` is not an ISO 4217 currency code{hint}"));
    }
    let cents = fixed(amount, 2, "amount")?;
    Ok(Money { cents, currency: currency.into() })
}

pub fn per(unit: &str) -> Result<Per, String> {
    match unit {
        "yr" => Ok(Per::Yr),
        "mo" => Ok(Per::Mo),
        _ => Err(format!("unknown rate unit `/{unit}`: a rate is money per `yr` or `mo`")),
    }
}

pub fn duration(number: &str, unit: &str) -> Result<Duration, String> {
    let mult = match unit {
        "h" => 1,
        "d" => 24,
        "w" => 24 * 7,
        _ => {
            let meant = match unit.to_ascii_lowercase().as_str() {
                "hour" | "hours" | "hr" | "hrs" => Some("h"),
                "day" | "days" => Some("d"),
                "week" | "weeks" | "wk" | "wks" => Some("w"),
                _ => None,
            };
            return Err(match meant {
                Some(u) => format!("unknown unit `{unit}` for a duration: write `{number}{u}`"),
                None => format!("unknown unit `{unit}` for a duration: use `h` (hours), `d` (days) or `w` (weeks)"),
            });
        }
    };
    if number.contains('.') {
        return Err(format!("a duration is a whole number of {unit}: `{number}{unit}`"));
    }
    let n = integer(number)?;
    if n < 0 {
        return Err(format!("a duration cannot be negative: `{number}{unit}`"));
    }
    n.checked_mul(mult).map(|hours| Duration { hours }).ok_or_else(|| format!("duration `{number}{unit}` is too large"))
}

pub fn percent(number: &str, max_hundredths: Option<i64>) -> Result<Percent, String> {
    let h = fixed(number, 2, "percent")?;
    if h < 0 {
        return Err(format!("a percent cannot be negative: `{number}%`"));
    }
    if let Some(max) = max_hundredths {
        if h > max {
            return Err(format!("`{number}%` is over {}%", max / 100));
        }
    }
    Ok(Percent { hundredths: h })
}

pub fn date(raw: &str) -> Result<Date, String> {
    let parts: Vec<&str> = raw.split('-').collect();
    let bad = || format!("`{raw}` is not a calendar date (YYYY-MM-DD)");
    if parts.len() != 3 {
        return Err(bad());
    }
    let y: i16 = parts[0].parse().map_err(|_| bad())?;
    let m: i8 = parts[1].parse().map_err(|_| bad())?;
    let d: i8 = parts[2].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) {
        return Err(format!("`{raw}` is not a calendar date: there is no month {m}"));
    }
    Date::new(y, m, d).map_err(|_| format!("`{raw}` is not a calendar date: month {m} of {y} has no day {d}"))
}

pub fn range(low: &str, high: Option<&str>) -> Result<IntRange, String> {
    let l = integer(low)?;
    let h = high.map(integer).transpose()?;
    if let Some(h) = h {
        if h < l {
            return Err(format!(
                "range `{low}..{}` is reversed: its low bound is above its high bound",
                high.unwrap_or_default()
            ));
        }
    }
    Ok(IntRange { low: l, high: h })
}

/// Process the escapes of a string literal's raw contents.
pub fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let rest: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let hex = rest.strip_prefix('{').unwrap_or("");
                let ch = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                match ch {
                    Some(ch) if !hex.is_empty() && hex.len() <= 6 => out.push(ch),
                    _ => return Err(format!("`\\u{rest}}}` is not a valid unicode escape (write `\\u{{1F600}}`)")),
                }
            }
            Some(o) => return Err(format!("unknown escape `\\{o}`: strings allow \\\" \\\\ \\n \\t and \\u{{…}}")),
            None => return Err("a string cannot end with a lone `\\`".into()),
        }
    }
    Ok(out)
}

/// Remove the common leading indentation of a text block, and the first
/// line break after the opening quotes and the last before the closing ones.
pub fn dedent(raw: &str) -> String {
    let raw = raw.strip_prefix("\r\n").or_else(|| raw.strip_prefix('\n')).unwrap_or(raw);
    let lines: Vec<&str> = raw.lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> =
        lines.iter().map(|l| if l.len() >= indent { &l[indent..] } else { l.trim_start() }).collect();
    if out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// ISO 4217 active currency codes. A fixed table rather than a crate: it is
/// small, changes rarely, and is all we need (docs/decisions.md).
const ISO4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
    "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
    "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC",
    "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

pub fn is_iso4217(code: &str) -> bool {
    ISO4217.binary_search(&code).is_ok()
}

/// A landing URL: `http://` or `https://`, a host with a dot (or
/// `localhost`), no spaces or control characters (they must be
/// percent-encoded). Returned as written.
pub fn url(s: &str) -> Result<String, String> {
    let lower = s.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return Err(match s.split_once("://") {
            Some((scheme, _)) => {
                format!("`{scheme}://` is not a web address: a landing URL starts with `https://`")
            }
            None => format!("the URL has no scheme: write \"https://{s}\""),
        });
    };
    if let Some(c) = s.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let what = if c == ' ' { "a space".to_string() } else { format!("the character {:?}", c) };
        let fixed = s.replace(' ', "%20");
        return Err(format!("the URL contains {what}: percent-encode it (\"{fixed}\") or use a hyphen"));
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    if host.is_empty() || !(host.contains('.') || host == "localhost") || host.starts_with('.') || host.ends_with('.') {
        return Err(format!("the URL has no valid host (a domain such as `acme.io`): \"{s}\""));
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_table_is_sorted() {
        assert!(ISO4217.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn literals_convert() {
        assert_eq!(integer("+20"), Ok(20));
        assert_eq!(integer("1_000"), Ok(1000));
        assert!(integer("99999999999999999999").is_err());
        assert_eq!(money("1_500.50", "EUR").map(|m| m.cents), Ok(150050));
        assert!(money("1", "XYZ").is_err());
        assert_eq!(duration("2", "w").map(|d| d.hours), Ok(336));
        assert!(duration("4", "x").is_err());
        assert_eq!(percent("12.5", Some(10000)).map(|p| p.hundredths), Ok(1250));
        assert!(percent("101", Some(10000)).is_err());
        assert!(date("2026-02-30").is_err());
        assert!(date("2026-02-28").is_ok());
        assert_eq!(unescape(r#"a \"b\" \u{1F600}"#).as_deref(), Ok("a \"b\" 😀"));
        assert!(unescape(r"\q").is_err());
        assert_eq!(dedent("\n    a\n      b\n  "), "a\n  b");
        assert_eq!(Duration { hours: 25 }.days_ceil(), 2);
    }
}
