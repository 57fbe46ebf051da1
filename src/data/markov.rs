//! The data-driven models, solved exactly from aggregated paths
//! (DATA.md §4): the removal effects of an order-k absorbing Markov chain,
//! and Shapley values over channel sets. No simulation: the chain's
//! absorption probabilities come from a linear system solved by Gaussian
//! elimination with partial pivoting (docs/reference/data.md says why a
//! hand-written solver is enough), Shapley values from every coalition.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One aggregated path: the channel sequence with consecutive repeats
/// merged, how many journeys along it converted and how many did not, and
/// the conversions' value.
#[derive(Debug, Clone, PartialEq)]
pub struct PathRow {
    pub path: Vec<String>,
    pub conversions: f64,
    pub nulls: f64,
    pub value: f64,
}

/// The separator of a path's channels, in SQL and in `--paths` files.
pub const SEP: &str = " > ";

/// Split a path as the paths query writes it; consecutive repeats merged.
pub fn split_path(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if s.trim().is_empty() {
        return out;
    }
    for c in s.split(SEP).map(|c| c.trim()) {
        if out.last().map(|l| l.as_str()) != Some(c) {
            out.push(c.to_string());
        }
    }
    out
}

/// A channel's credit: the conversions and the value given to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Credit {
    pub channel: String,
    pub conversions: f64,
    pub value: f64,
}

/// The solved chain.
#[derive(Debug, Clone)]
pub struct MarkovResult {
    pub order: usize,
    /// The transient states of the chain (the start state included).
    pub states: usize,
    /// The probability of reaching a conversion from the start.
    pub conversion_probability: f64,
    /// 1 − P(conversion without the channel) / P(conversion), per channel.
    pub removal_effects: Vec<(String, f64)>,
    pub credits: Vec<Credit>,
}

/// The largest chain solved (transient states); the solve is dense, cubic.
pub const MAX_STATES: usize = 2000;

/// Removal effects and credit of the order-`order` chain over `paths`
/// (paths with no channel are ignored: their conversions go to `(none)`).
pub fn markov(paths: &[PathRow], order: usize) -> Result<MarkovResult, String> {
    if !(1..=4).contains(&order) {
        return Err(format!("a Markov chain of order {order}: the order is 1 to 4"));
    }
    // states: 0 is the start; a state is the last `order` channels
    let mut index: HashMap<Vec<String>, usize> = HashMap::new();
    let mut names: Vec<Vec<String>> = vec![vec![]];
    let mut trans: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new()];
    let mut to_conv: Vec<f64> = vec![0.0];
    let mut to_null: Vec<f64> = vec![0.0];
    let mut channels: BTreeSet<String> = BTreeSet::new();
    let (mut total_conv, mut total_value) = (0.0, 0.0);
    for p in paths {
        if p.path.is_empty() {
            continue;
        }
        if !(p.conversions.is_finite() && p.nulls.is_finite() && p.conversions >= 0.0 && p.nulls >= 0.0) {
            return Err(format!("path `{}` has a negative or non-finite count", p.path.join(SEP)));
        }
        let w = p.conversions + p.nulls;
        if w == 0.0 {
            continue;
        }
        total_conv += p.conversions;
        total_value += p.value;
        let mut prev = 0usize;
        for i in 0..p.path.len() {
            channels.insert(p.path[i].clone());
            let lo = (i + 1).saturating_sub(order);
            let key: Vec<String> = p.path[lo..=i].to_vec();
            let id = match index.get(&key) {
                Some(&id) => id,
                None => {
                    let id = names.len();
                    index.insert(key.clone(), id);
                    names.push(key);
                    trans.push(BTreeMap::new());
                    to_conv.push(0.0);
                    to_null.push(0.0);
                    id
                }
            };
            *trans[prev].entry(id).or_default() += w;
            prev = id;
        }
        to_conv[prev] += p.conversions;
        to_null[prev] += p.nulls;
    }
    let n = names.len();
    if n > MAX_STATES {
        return Err(format!(
            "the order-{order} chain has {} states, more than the {MAX_STATES} solved exactly; use a lower order",
            n
        ));
    }
    let solve = |removed: Option<&str>| -> Result<f64, String> {
        let keep: Vec<usize> = (0..n).filter(|&s| removed.is_none_or(|c| !names[s].iter().any(|x| x == c))).collect();
        let mut pos = vec![usize::MAX; n];
        for (i, &s) in keep.iter().enumerate() {
            pos[s] = i;
        }
        let m = keep.len();
        let mut a = vec![0.0f64; m * m];
        let mut b = vec![0.0f64; m];
        for (i, &s) in keep.iter().enumerate() {
            let out: f64 = trans[s].values().sum::<f64>() + to_conv[s] + to_null[s];
            a[i * m + i] = 1.0;
            if out == 0.0 {
                continue; // never left: absorbing nowhere, conversion 0
            }
            for (&t, &c) in &trans[s] {
                if pos[t] != usize::MAX {
                    a[i * m + pos[t]] -= c / out;
                }
            }
            b[i] = to_conv[s] / out;
        }
        let x = gauss(&mut a, &mut b, m).ok_or_else(|| {
            "the Markov chain cannot be solved: its transition matrix is singular (a loop with no way out)".to_string()
        })?;
        Ok(x[0])
    };
    let p = solve(None)?;
    let mut removal_effects = Vec::new();
    for c in &channels {
        let without = solve(Some(c))?;
        let re = if p > 0.0 { 1.0 - without / p } else { 0.0 };
        if re < -1e-9 || !re.is_finite() {
            return Err(format!(
                "the Markov chain gives channel `{c}` a negative removal effect ({re}); the chain is not solvable reliably"
            ));
        }
        removal_effects.push((c.clone(), re.clamp(0.0, 1.0)));
    }
    let sum: f64 = removal_effects.iter().map(|(_, r)| r).sum();
    let credits = removal_effects
        .iter()
        .map(|(c, r)| {
            let share = if sum > 0.0 { r / sum } else { 0.0 };
            Credit { channel: c.clone(), conversions: share * total_conv, value: share * total_value }
        })
        .collect();
    Ok(MarkovResult { order, states: n, conversion_probability: p, removal_effects, credits })
}

/// Solve `a x = b` (`a` is m×m, row-major) by Gaussian elimination with
/// partial pivoting; `None` when singular.
fn gauss(a: &mut [f64], b: &mut [f64], m: usize) -> Option<Vec<f64>> {
    for k in 0..m {
        let (mut piv, mut best) = (k, a[k * m + k].abs());
        for r in k + 1..m {
            let v = a[r * m + k].abs();
            if v > best {
                piv = r;
                best = v;
            }
        }
        if best < 1e-12 {
            return None;
        }
        if piv != k {
            for j in 0..m {
                a.swap(k * m + j, piv * m + j);
            }
            b.swap(k, piv);
        }
        let d = a[k * m + k];
        for r in k + 1..m {
            let f = a[r * m + k] / d;
            if f == 0.0 {
                continue;
            }
            for j in k..m {
                a[r * m + j] -= f * a[k * m + j];
            }
            b[r] -= f * b[k];
        }
    }
    let mut x = vec![0.0; m];
    for k in (0..m).rev() {
        let mut s = b[k];
        for j in k + 1..m {
            s -= a[k * m + j] * x[j];
        }
        x[k] = s / a[k * m + k];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// The largest channel set whose coalitions are enumerated.
pub const MAX_SET: usize = 20;

/// Shapley values over channel sets (the definition of
/// marketing-attribution-models' `run_shapley`, with no size limit): a
/// coalition's value is the conversion rate of the journeys whose channel
/// set is exactly it; each converting set's conversions and value are split
/// among its channels in proportion to their Shapley values in the game of
/// its subsets.
pub fn shapley(paths: &[PathRow]) -> Result<Vec<Credit>, String> {
    // set → (conversions, journeys, value)
    let mut sets: BTreeMap<Vec<String>, (f64, f64, f64)> = BTreeMap::new();
    for p in paths {
        if p.path.is_empty() {
            continue;
        }
        let set: BTreeSet<&String> = p.path.iter().collect();
        let key: Vec<String> = set.into_iter().cloned().collect();
        let e = sets.entry(key).or_default();
        e.0 += p.conversions;
        e.1 += p.conversions + p.nulls;
        e.2 += p.value;
    }
    let rate = |k: &[String]| -> f64 {
        match sets.get(k) {
            Some((c, t, _)) if *c > 0.0 && *t > 0.0 => c / t,
            _ => 0.0,
        }
    };
    let mut credit: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for ch in sets.keys().flatten() {
        credit.entry(ch.clone()).or_default();
    }
    for (set, (conv, _, value)) in &sets {
        if *conv <= 0.0 {
            continue;
        }
        let n = set.len();
        if n > MAX_SET {
            return Err(format!(
                "a journey touches {n} distinct channels; Shapley values are enumerated for at most {MAX_SET}"
            ));
        }
        // w_in[s] = (s-1)!(n-s)!/n!, w_out[s] = s!(n-s-1)!/n!, exactly rounded
        let binom = |a: usize, b: usize| -> u128 {
            let mut r: u128 = 1;
            for i in 0..b {
                r = r * (a - i) as u128 / (i + 1) as u128;
            }
            r
        };
        let w_in: Vec<f64> =
            (0..=n).map(|s| if s == 0 { 0.0 } else { 1.0 / (n as u128 * binom(n - 1, s - 1)) as f64 }).collect();
        let w_out: Vec<f64> =
            (0..=n).map(|s| if s >= n { 0.0 } else { 1.0 / (n as u128 * binom(n - 1, s)) as f64 }).collect();
        let mut phi = vec![0.0f64; n];
        let mut sub: Vec<String> = Vec::with_capacity(n);
        for mask in 1u32..(1u32 << n) {
            sub.clear();
            for (i, c) in set.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    sub.push(c.clone());
                }
            }
            let v = rate(&sub);
            if v == 0.0 {
                continue;
            }
            let s = sub.len();
            for (i, f) in phi.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *f += v * w_in[s];
                } else {
                    *f -= v * w_out[s];
                }
            }
        }
        let total: f64 = phi.iter().sum();
        if total == 0.0 || !total.is_finite() {
            return Err(format!("the Shapley values of channel set [{}] add up to 0", set.join(", ")));
        }
        for (c, f) in set.iter().zip(&phi) {
            let e = credit.entry(c.clone()).or_default();
            e.0 += f / total * conv;
            e.1 += f / total * value;
        }
    }
    Ok(credit.into_iter().map(|(channel, (conversions, value))| Credit { channel, conversions, value }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(path: &str, c: f64, n: f64) -> PathRow {
        PathRow { path: split_path(path), conversions: c, nulls: n, value: c * 10.0 }
    }

    #[test]
    fn one_channel_gets_everything() {
        let r = markov(&[p("a", 3.0, 1.0), p("a > a", 1.0, 0.0)], 1).unwrap();
        assert_eq!(r.removal_effects, vec![("a".to_string(), 1.0)]);
        assert_eq!(r.credits[0].conversions, 4.0);
        assert!((r.conversion_probability - 0.8).abs() < 1e-12);
    }

    #[test]
    fn a_channel_only_on_non_converting_paths_gets_nothing() {
        let r = markov(&[p("a > b", 2.0, 1.0), p("c", 0.0, 5.0)], 1).unwrap();
        let c = r.credits.iter().find(|c| c.channel == "c").unwrap();
        assert_eq!(c.conversions, 0.0);
        let s = shapley(&[p("a > b", 2.0, 1.0), p("c", 0.0, 5.0)]).unwrap();
        assert_eq!(s.iter().find(|c| c.channel == "c").unwrap().conversions, 0.0);
    }

    #[test]
    fn two_channel_chain_matches_a_hand_solve() {
        // start→a (2), start→b (1); a→b 1, a→conv 1; b→conv 1, b→null 1
        let paths = [p("a > b", 0.0, 1.0), p("a", 1.0, 0.0), p("b", 1.0, 0.0)];
        let r = markov(&paths, 1).unwrap();
        // P(b→conv)=1/2, P(a→conv)=1/2+1/2*1/2=3/4, P=2/3*3/4+1/3*1/2=2/3
        assert!((r.conversion_probability - 2.0 / 3.0).abs() < 1e-12);
        // without a: 1/3*1/2 = 1/6 → RE 3/4; without b: 2/3*1/2=1/3 → RE 1/2
        let re: Vec<f64> = r.removal_effects.iter().map(|x| x.1).collect();
        assert!((re[0] - 0.75).abs() < 1e-12 && (re[1] - 0.5).abs() < 1e-12, "{re:?}");
    }

    #[test]
    fn shapley_of_a_two_channel_game() {
        // v(a)=1/2, v(b)=0, v(ab)=1: φa = 1/2(1/2) + 1/2(1-0) = 3/4, φb = 1/4
        let paths = [p("a", 1.0, 1.0), p("b", 0.0, 1.0), p("a > b", 2.0, 0.0)];
        let s = shapley(&paths).unwrap();
        // set {a}: 1 conversion all to a; set {a,b}: 2 × 3/4 and 2 × 1/4
        assert!((s[0].conversions - 2.5).abs() < 1e-12);
        assert!((s[1].conversions - 0.5).abs() < 1e-12);
    }

    #[test]
    fn a_high_order_chain_over_short_paths_is_the_journeys_themselves() {
        // order 4 and paths of at most 4 channels: every state is a whole
        // prefix, the chain is a tree, P is the observed conversion rate and
        // removing c loses exactly the conversions of the paths through c
        let paths = [
            p("a > b > c", 3.0, 1.0),
            p("a > c", 1.0, 4.0),
            p("b", 2.0, 2.0),
            p("c > a > b > d", 1.0, 0.0),
            p("d", 0.0, 3.0),
        ];
        let r = markov(&paths, 4).unwrap();
        let (conv, all) = (7.0, 17.0);
        assert!((r.conversion_probability - conv / all).abs() < 1e-12);
        for (c, re) in &r.removal_effects {
            let lost: f64 = paths.iter().filter(|q| q.path.iter().any(|x| x == c)).map(|q| q.conversions).sum();
            assert!((re - lost / conv).abs() < 1e-12, "{c}: {re} vs {}", lost / conv);
        }
        // order 1 merges states: a different chain, still within [0, 1]
        let r1 = markov(&paths, 1).unwrap();
        assert!(r1.removal_effects.iter().all(|(_, x)| (0.0..=1.0).contains(x)));
        assert!(r1.states < r.states);
    }

    #[test]
    fn a_chain_too_large_to_solve_exactly_is_a_clear_error() {
        let mut paths = Vec::new();
        for i in 0..50 {
            for j in 0..50 {
                paths.push(PathRow {
                    path: vec![format!("c{i}"), format!("c{j}")],
                    conversions: 1.0,
                    nulls: 1.0,
                    value: 0.0,
                });
            }
        }
        let e = markov(&paths, 2).unwrap_err();
        assert!(e.contains("states, more than the 2000 solved exactly; use a lower order"), "{e}");
        assert!(markov(&paths, 1).is_ok());
    }

    #[test]
    fn bad_orders_and_counts_are_errors() {
        assert!(markov(&[], 5).is_err());
        assert!(markov(&[p("a", -1.0, 0.0)], 1).is_err());
        assert_eq!(markov(&[], 1).unwrap().credits, vec![]);
    }
}
