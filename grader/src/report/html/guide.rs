//! The interview guide as an HTML section: per exercise, the question, what a good answer shows,
//! what this candidate's code shows (red flags with their own lines, compiler errors), the
//! follow-up questions, the explain-it-yourself question and the live extension; prose with its
//! code in `<code>`. The main function is [`guide`].

use maud::{html, Markup};

use crate::report::guide::{ExerciseGuide, Guide, Prose, Span};

/// Most places quoted under one red flag.
const MAX_PLACES: usize = 5;

/// The guide, from a heading to the last exercise.
pub(super) fn guide(guide: &Guide) -> Markup {
    html! {
        section class="guide" id="interview-guide" {
            h2 { "Interview guide" }
            p { (prose(&Prose::parse(Guide::INTRO))) }
            @for exercise in &guide.exercises {
                (exercise_guide(exercise))
            }
        }
    }
}

fn exercise_guide(exercise: &ExerciseGuide) -> Markup {
    html! {
        div class="card" {
            h3 { code { (exercise.id) } span class="muted" { (exercise.level.as_str()) } span { (exercise.title) } }
            dl class="guide-fields" {
                @if let Some(asked) = &exercise.asked {
                    dt { "Ask" } dd { (prose(asked)) }
                }
                @if let Some(good) = &exercise.good_answer {
                    dt { "A good answer shows" } dd { (prose(good)) }
                }
                @if !exercise.terms.is_empty() {
                    dt { "Terms" }
                    dd { ul { @for (term, summary) in &exercise.terms { li { code { (term) } ": " (summary) } } } }
                }
                dt { "Works" } dd { (exercise.works) }
                dt { "Habits" } dd {
                    (prose(&exercise.habits))
                    @if !exercise.flags.is_empty() || !exercise.errors.is_empty() {
                        ul {
                            @for flag in &exercise.flags {
                                li {
                                    "red flag " code { (flag.id) }
                                    @if let Some(summary) = flag.summary { ": " (summary) }
                                    @for place in flag.places.iter().take(MAX_PLACES) {
                                        div class="place" {
                                            code class="at" { (place.label()) }
                                            @if !place.snippet.trim().is_empty() { " " code { (place.snippet.trim()) } }
                                        }
                                    }
                                    @if flag.places.len() > MAX_PLACES {
                                        div class="muted" { "… and " (flag.places.len() - MAX_PLACES) " more places" }
                                    }
                                }
                            }
                            @for error in &exercise.errors {
                                li {
                                    "compiler " code { (error.code.as_deref().unwrap_or("error")) }
                                    @if let Some(place) = &error.place { " at " code { (place) } }
                                    @if let Some(summary) = error.summary { ": " (summary) }
                                    " (rustc: " (error.message) ")"
                                }
                            }
                        }
                    }
                }
                @if !exercise.follow_ups.is_empty() {
                    dt { "Follow-up questions" }
                    dd { ol { @for question in &exercise.follow_ups { li { (prose(question)) } } } }
                }
                @if let Some(explain) = &exercise.explain {
                    dt { "Explain it yourself" } dd { (prose(explain)) }
                }
                @if let Some(extension) = &exercise.extension {
                    dt { "Live extension (five minutes, on their own code)" } dd { (prose(extension)) }
                }
            }
        }
    }
}

/// Prose: words as text, code in `<code>`, both escaped.
fn prose(prose: &Prose) -> Markup {
    html! {
        @for span in &prose.0 {
            @match span {
                Span::Plain(words) => (words),
                Span::Code(code) => code { (code) },
            }
        }
    }
}
