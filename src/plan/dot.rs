//! The plan as Graphviz DOT: each campaign's step graph.

use super::*;

fn dot_q(s: &str) -> String {
    escape::dot_string(s)
}

pub fn to_dot(plan: &Plan) -> String {
    let mut o = String::from("digraph plan {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for c in &plan.campaigns {
        let _ = writeln!(
            o,
            "  subgraph {} {{\n    label={};",
            dot_q(&format!("cluster_{}", c.name)),
            dot_q(&format!("{} ({} to {})", c.name, c.start, c.end))
        );
        for s in &c.steps {
            let bold = if s.critical { ", penwidth=2.5" } else { "" };
            let _ = writeln!(
                o,
                "    {} [label={}{bold}];",
                dot_q(&format!("{}.{}", c.name, s.name)),
                dot_q(&format!("{}\n{}\n{} – {}", s.name, s.skill, s.start, s.end))
            );
        }
        o.push_str("  }\n");
        let crit_pairs: Vec<(&str, &str)> =
            c.critical_path.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect();
        for s in &c.steps {
            // one edge per predecessor, labelled with what it hands over
            let mut preds: Vec<&str> = s.after.iter().map(String::as_str).collect();
            for i in &s.inputs {
                if let Some(p) = i.from.strip_prefix("step:") {
                    if !preds.contains(&p) {
                        preds.push(p);
                    }
                }
            }
            for p in preds {
                let arts: Vec<&str> = s
                    .inputs
                    .iter()
                    .filter(|i| i.from.strip_prefix("step:") == Some(p))
                    .map(|i| i.artifact.as_str())
                    .collect();
                let mut attrs = Vec::new();
                if arts.is_empty() {
                    attrs.push("style=dashed".to_string());
                } else {
                    attrs.push(format!("label={}", dot_q(&arts.join(", "))));
                }
                if crit_pairs.contains(&(p, s.name.as_str())) {
                    attrs.push("penwidth=2.5".into());
                    if !arts.is_empty() {
                        attrs.push("style=bold".into());
                    }
                }
                let _ = writeln!(
                    o,
                    "  {} -> {} [{}];",
                    dot_q(&format!("{}.{}", c.name, p)),
                    dot_q(&format!("{}.{}", c.name, s.name)),
                    attrs.join(", ")
                );
            }
        }
    }
    o.push_str("}\n");
    o
}
