//! AUD001 audit-stale.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "AUD001",
    name: "audit-stale",
    severity: Severity::Warning,
    fix: None,
    summary: "audits exist and the newest `audit` is older than `audit-max-age-days` (365, option; no audit at all is not a finding), or is dated in the future",
    why: "A full marketing audit across the eight areas is a yearly habit; the newest one older than a year describes a team that no longer exists. (365 days is this project's choice.)",
    bad: include_str!("../../../tests/rules/AUD001/invalid.mops"),
    good: include_str!("../../../tests/rules/AUD001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let newest =
        user(&cx.model.audits).filter_map(|a| a.data.date.as_ref().map(|d| (d.value, a, d.span))).max_by_key(|x| x.0);
    let Some((date, a, span)) = newest else { return };
    let age = cx.days_since(date);
    let max = cx.opts.audit_max_age_days;
    if age < 0 {
        out.report(
            a.file,
            span,
            format!(
                "the newest marketing audit, `{}`, is dated {date}, {} days in the future (today is {})",
                a.name.value,
                age.unsigned_abs(),
                cx.today
            ),
        )
        .with_help("correct its `date` (a mistyped year?): an audit is recorded once it is done");
    } else if age > max {
        out.report(
            a.file,
            span,
            format!("the newest marketing audit, `{}`, is {age} days old ({date}), over {max} days", a.name.value),
        )
        .with_help("run a new audit of the eight areas and record it as an `audit` block");
    }
}
