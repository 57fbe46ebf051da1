//! `mopsc route` latency (issue 17: under 5 ms a request).
//!
//! Builds the router of the prelude (what `mopsc route` does per run; the
//! first build in a process learns the example requests, later ones reuse
//! that), measured too, then routes every request of the evaluation sets
//! (tests/fixtures/route/*.tsv) 20 times and prints the median, the 95th
//! percentile and the slowest time of one request.
//!
//! `cargo bench --bench route_latency` (release profile). The figures are
//! recorded in docs/route.md.

use std::time::{Duration, Instant};

use mopsc::check::prelude_model;
use mopsc::route::Router;

const RUNS: usize = 20;

fn requests() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/route");
    let mut out = Vec::new();
    for f in ["eval.tsv", "holdout.tsv", "heldout.tsv"] {
        let text = std::fs::read_to_string(dir.join(f)).expect("evaluation set");
        for l in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            out.push(l.split('\t').next().unwrap_or_default().to_string());
        }
    }
    out
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let (model, _) = prelude_model();
    // The first build learns the example requests (once per process).
    let t = Instant::now();
    std::hint::black_box(Router::new(&model));
    let first = t.elapsed();
    let mut builds = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let r = Router::new(&model);
        builds.push(t.elapsed());
        std::hint::black_box(&r);
    }
    builds.sort();
    let router = Router::new(&model);
    let reqs = requests();
    let mut times = Vec::with_capacity(reqs.len() * RUNS);
    for _ in 0..RUNS {
        for q in &reqs {
            let t = Instant::now();
            std::hint::black_box(router.route(q, 3));
            times.push(t.elapsed());
        }
    }
    times.sort();
    println!("route_latency: first router build (learns the examples) {first:?}");
    println!("route_latency: later router builds median {:?}, p95 {:?}", pct(&builds, 0.5), pct(&builds, 0.95));
    println!(
        "route_latency: {} requests x {RUNS}: median {:?}, p95 {:?}, max {:?}",
        reqs.len(),
        pct(&times, 0.5),
        pct(&times, 0.95),
        times[times.len() - 1]
    );
}
