//! Small hand-written SVG charts and colour scales for the HTML pages: the two measures per level
//! of one report, a histogram of scores for a batch, a cell colour for a heat map and a meter.
//! Every chart carries its numbers as text too (labels, a `<title>`), so it reads printed in grey
//! and by a screen reader. The main function is [`measures_by_level`].

use std::collections::BTreeMap;

use maud::{html, Markup};

use crate::report::model::{Level, LevelScore};

/// Height of a 100 % bar, in SVG units.
const BAR_HEIGHT: f64 = 150.0;
/// Space above the bars (value labels) and below (level names, verdicts).
const TOP: f64 = 24.0;
const BOTTOM: f64 = 46.0;
const LEFT: f64 = 40.0;

/// An SVG coordinate: one decimal, so the markup holds no float noise (`28.349999999999994`).
fn c(value: f64) -> String {
    format!("{value:.1}")
}

/// Height of `percent` (clamped to 0-100) on a bar of [`BAR_HEIGHT`].
fn scaled(percent: f64) -> f64 {
    percent.clamp(0.0, 100.0) / 100.0 * BAR_HEIGHT
}

/// Horizontal grid lines at 0, 25, 50, 75 and 100 % with their labels.
fn grid(width: f64) -> Markup {
    html! {
        @for step in [0.0_f64, 25.0, 50.0, 75.0, 100.0] {
            @let y = TOP + BAR_HEIGHT - scaled(step);
            line class="grid" x1=(c(LEFT)) x2=(c(width - 8.0)) y1=(c(y)) y2=(c(y)) {}
            text x=(c(LEFT - 6.0)) y=(c(y + 4.0)) text-anchor="end" font-size="11" { (format!("{step:.0}%")) }
        }
    }
}

/// Two bars per level, works and habits in percent, each labelled with its value, the level and
/// its verdict below.
pub fn measures_by_level(levels: &BTreeMap<Level, LevelScore>) -> Markup {
    let group = 130.0;
    let bar = 40.0;
    let width = LEFT + group * levels.len().max(1) as f64 + 16.0;
    let height = TOP + BAR_HEIGHT + BOTTOM;
    let summary: Vec<String> = levels
        .iter()
        .map(|(level, score)| {
            format!(
                "{level}: works {:.1}%, habits {:.1}%, {}",
                score.works.percent,
                score.habits.percent,
                score.verdict.as_str()
            )
        })
        .collect();
    html! {
        svg class="chart" role="img" viewBox={ "0 0 " (c(width)) " " (c(height)) } width=(c(width)) height=(c(height))
            aria-label={ "Works and habits per level. " (summary.join("; ")) } {
            title { "Works and habits per level: " (summary.join("; ")) }
            (grid(width))
            @for (index, (level, score)) in levels.iter().enumerate() {
                @let x = LEFT + 16.0 + group * index as f64;
                @for (offset, class, value) in [(0.0, "works", score.works.percent), (bar + 6.0, "habits", score.habits.percent)] {
                    @let h = scaled(value);
                    rect class=(class) x=(c(x + offset)) y=(c(TOP + BAR_HEIGHT - h)) width=(c(bar)) height=(c(h)) {}
                    text x=(c(x + offset + bar / 2.0)) y=(c(TOP + BAR_HEIGHT - h - 5.0)) text-anchor="middle" font-size="11" {
                        (format!("{value:.0}%"))
                    }
                }
                line class="axis" x1=(c(x - 6.0)) x2=(c(x + 2.0 * bar + 12.0)) y1=(c(TOP + BAR_HEIGHT)) y2=(c(TOP + BAR_HEIGHT)) {}
                text x=(c(x + bar + 3.0)) y=(c(TOP + BAR_HEIGHT + 17.0)) text-anchor="middle" font-size="13" font-weight="600" {
                    (level.as_str())
                }
                text x=(c(x + bar + 3.0)) y=(c(TOP + BAR_HEIGHT + 34.0)) text-anchor="middle" font-size="12" {
                    (score.verdict.as_str())
                }
            }
        }
    }
}

/// How many of `values` (percentages) fall in each tenth: `[0, 10)`, …, `[90, 100]`.
pub fn bins(values: &[f64]) -> [usize; 10] {
    let mut counts = [0; 10];
    for value in values {
        // Truncation is the point: 59.9 goes to the 50s; 100 joins the top bin.
        let bin = ((value.clamp(0.0, 100.0) / 10.0).floor() as usize).min(9);
        counts[bin] += 1;
    }
    counts
}

/// A histogram of `values` (percentages) in ten bins of ten points, each bar labelled with its
/// count.
pub fn histogram(values: &[f64], what: &str) -> Markup {
    let counts = bins(values);
    let most = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bar = 44.0;
    let width = LEFT + bar * 10.0 + 16.0;
    let height = TOP + BAR_HEIGHT + 30.0;
    let described: Vec<String> = counts
        .iter()
        .enumerate()
        .filter(|(_, count)| **count > 0)
        .map(|(bin, count)| format!("{}-{}%: {count}", bin * 10, bin * 10 + 10))
        .collect();
    html! {
        svg class="chart" role="img" viewBox={ "0 0 " (c(width)) " " (c(height)) } width=(c(width)) height=(c(height))
            aria-label={ (what) ": " (described.join(", ")) } {
            title { (what) ": " (described.join(", ")) }
            line class="axis" x1=(c(LEFT)) x2=(c(width - 8.0)) y1=(c(TOP + BAR_HEIGHT)) y2=(c(TOP + BAR_HEIGHT)) {}
            @for (bin, count) in counts.iter().enumerate() {
                @let x = LEFT + bar * bin as f64;
                @let h = *count as f64 / most * BAR_HEIGHT;
                rect class="bin" x=(c(x + 3.0)) y=(c(TOP + BAR_HEIGHT - h)) width=(c(bar - 6.0)) height=(c(h)) {}
                @if *count > 0 {
                    text x=(c(x + bar / 2.0)) y=(c(TOP + BAR_HEIGHT - h - 5.0)) text-anchor="middle" font-size="12" { (count) }
                }
                text x=(c(x + bar / 2.0)) y=(c(TOP + BAR_HEIGHT + 15.0)) text-anchor="middle" font-size="10" {
                    (bin * 10) "–" (bin * 10 + 10)
                }
            }
            text x=(c(LEFT + bar * 5.0)) y=(c(height - 2.0)) text-anchor="middle" font-size="11" { (what) " (%)" }
        }
    }
}

/// A light background for a heat-map cell: red at 0 %, amber at 50 %, green at 100 % (light
/// enough for dark text, and printed as is).
pub fn heat_style(percent: f64) -> String {
    let hue = percent.clamp(0.0, 100.0) * 1.2;
    format!("background-color: hsl({hue:.0}, 70%, 82%)")
}

/// A horizontal meter filled to `percent`.
pub fn meter(percent: f64) -> Markup {
    html! {
        span class="meter" role="img" aria-label=(super::percent(percent)) {
            span style={ "width: " (format!("{:.1}", percent.clamp(0.0, 100.0))) "%" } {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_put_each_percent_in_its_tenth_and_100_in_the_last() {
        let counts = bins(&[0.0, 9.9, 10.0, 59.9, 100.0, 95.0, -3.0, 140.0]);
        assert_eq!(counts, [3, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
    }

    #[test]
    fn charts_carry_their_numbers_as_text() {
        let svg = histogram(&[12.0, 15.0, 88.0], "score").into_string();
        assert!(svg.contains("score: 10-20%: 2, 80-90%: 1"), "{svg}");
        assert!(heat_style(0.0).contains("hsl(0,") && heat_style(100.0).contains("hsl(120,"));
    }
}
