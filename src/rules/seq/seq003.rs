//! SEQ003 sequence-order.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SEQ003",
    name: "sequence-order",
    severity: Severity::Warning,
    fix: Some(Applicability::Safe),
    summary: "emails are not written in increasing `at`, or two share an `at`",
    why: "A sequence reads as a timeline; emails written out of order are easy to misread, and two emails at the same offset land in the inbox together. The safe fix reorders the emails by `at` (only when no two share one).",
    bad: include_str!("../../../tests/rules/SEQ003/invalid.mops"),
    good: include_str!("../../../tests/rules/SEQ003/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.sequences) {
        let emails: Vec<_> = s.data.emails.iter().filter(|e| e.at.is_some()).collect();
        let at = |i: usize| emails[i].at.as_ref().map(|a| a.value.hours).unwrap_or(0);
        let Some(bad) = (1..emails.len()).find(|&i| at(i) <= at(i - 1)) else { continue };
        let shared =
            (1..emails.len()).any(|i| emails[..i].iter().any(|e| e.at.as_ref().map(|a| a.value.hours) == Some(at(i))));
        let e = emails[bad];
        let prev = emails[bad - 1];
        let msg = if at(bad) == at(bad - 1) {
            format!(
                "emails `{}` and `{}` of `{}` are both sent at {}",
                prev.name.value,
                e.name.value,
                s.name.value,
                e.at.as_ref().map(|a| a.value.to_string()).unwrap_or_default()
            )
        } else {
            format!(
                "email `{}` of `{}` is written after `{}` but sent before it",
                e.name.value, s.name.value, prev.name.value
            )
        };
        let text = cx.text(s.file);
        if shared {
            out.report(s.file, e.span, msg).with_help("give each email its own `at`");
        } else {
            let mut sorted: Vec<_> = emails.clone();
            sorted.sort_by_key(|e| e.at.as_ref().map(|a| a.value.hours));
            // None when the text changed under the check (no fix then)
            let edits: Option<Vec<Edit>> = emails
                .iter()
                .zip(sorted.iter())
                .filter(|(slot, e)| slot.span != e.span)
                .map(|(slot, e)| {
                    Some(Edit {
                        start: slot.span.start(),
                        end: slot.span.end(),
                        replacement: text.get(e.span.start()..e.span.end())?.to_string(),
                    })
                })
                .collect();
            let fix = edits.map(|edits| out.fix("reorder the emails by `at`", edits));
            let d = out.report(s.file, e.span, msg).with_help("write the emails in the order they are sent");
            if let Some(fix) = fix {
                d.with_fix(fix);
            }
        }
    }
}
