//! CMP007 outbound-overlap.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP007",
    name: "outbound-overlap",
    severity: Severity::Warning,
    fix: None,
    summary: "a `cold-email` step runs, in dates, at the same time as a step of another campaign with the same `audience`",
    why: "Coordinate outbound with inbound campaigns to avoid audience overlap: prospects who get cold emails while another campaign targets them hear two uncoordinated messages at once.",
    bad: "campaign a: lead-generation {\n  start    = 2026-03-02\n  audience = mid-market\n  given    = [context]\n  step outreach: cold-email { duration = 14d }\n}\n\ncampaign b: brand-awareness {\n  start    = 2026-03-09\n  audience = mid-market\n  given    = [context]\n  step social: social-content { duration = 14d }\n}\n",
    good: "campaign a: lead-generation {\n  start    = 2026-03-02\n  audience = mid-market\n  given    = [context]\n  step outreach: cold-email { duration = 14d }\n}\n\ncampaign b: brand-awareness {\n  start    = 2026-04-06\n  audience = mid-market\n  given    = [context]\n  step social: social-content { duration = 14d }\n}\n",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let by_audience = super::super::group_by(
        cx.campaigns
            .iter()
            .enumerate()
            .filter_map(|(i, (c, _))| c.data.audience.as_ref().map(|a| (a.value.clone(), i))),
    );
    let mut keys: Vec<&String> = by_audience.keys().collect();
    keys.sort();
    for key in keys {
        let group = &by_audience[key];
        if group.len() < 2 {
            continue;
        }
        for &i in group {
            let (c, g) = &cx.campaigns[i];
            let Some(start) = c.data.start.as_ref().map(|s| s.value) else { continue };
            for (si, s) in c.data.steps.iter().enumerate().filter(|(_, s)| s.skill.value == "cold-email") {
                let Some((a0, a1)) = g.dates(start, si) else { continue };
                'others: for &j in group.iter().filter(|&&j| j != i) {
                    let (oc, og) = &cx.campaigns[j];
                    let Some(ostart) = oc.data.start.as_ref().map(|s| s.value) else { continue };
                    for (oi, os) in oc.data.steps.iter().enumerate() {
                        let Some((b0, b1)) = og.dates(ostart, oi) else { continue };
                        if a0 <= b1 && b0 <= a1 {
                            out.report(
                                c.file,
                                s.header,
                                format!(
                                    "cold-email step `{}` ({a0} to {a1}) overlaps step `{}` of campaign `{}` ({b0} to {b1}), which targets the same audience `{key}`",
                                    s.name.value, os.name.value, oc.name.value
                                ),
                            )
                            .help("move one of the campaigns in time, or coordinate them as one campaign");
                            break 'others;
                        }
                    }
                }
            }
        }
    }
}
