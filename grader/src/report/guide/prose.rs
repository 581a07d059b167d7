//! Text for people with inline code kept apart: a guide's questions quote the candidate's own
//! lines, which may hold any character, so plain words and code are separate spans that each
//! renderer writes its own way (backticks on a terminal, escaped code spans in Markdown). The main
//! type is [`Prose`].

use std::fmt;

/// One run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Words.
    Plain(String),
    /// Code, a path or an id, shown verbatim.
    Code(String),
}

/// Text made of plain and code spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose(pub Vec<Span>);

/// What a placeholder of a template becomes.
pub(super) enum Fill<'a> {
    /// Words.
    Plain(&'a str),
    /// Code.
    Code(&'a str),
    /// Spans as they are.
    Spans(&'a Prose),
}

impl Prose {
    /// Text whose backtick-delimited runs are code (the convention of exercise metadata). With an
    /// odd number of backticks nothing is taken for code.
    pub fn parse(text: &str) -> Prose {
        let mut prose = Prose::default();
        if text.matches('`').count() % 2 != 0 {
            prose.plain(text);
            return prose;
        }
        for (index, part) in text.split('`').enumerate() {
            if index % 2 == 0 {
                prose.plain(part);
            } else {
                prose.code(part);
            }
        }
        prose
    }

    /// `template` (backticks mark its own code) with each `{key}` of `fills` replaced.
    pub(super) fn fill(template: &str, fills: &[(&str, Fill<'_>)]) -> Prose {
        let mut prose = Prose::default();
        for span in Prose::parse(template).0 {
            let text = match span {
                Span::Code(code) => {
                    prose.code(&code);
                    continue;
                }
                Span::Plain(text) => text,
            };
            let mut rest = text.as_str();
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}').map(|close| open + close) else { break };
                let key = &rest[open + 1..close];
                let Some((_, fill)) = fills.iter().find(|(name, _)| *name == key) else {
                    prose.plain(&rest[..=close]);
                    rest = &rest[close + 1..];
                    continue;
                };
                prose.plain(&rest[..open]);
                match fill {
                    Fill::Plain(words) => prose.plain(words),
                    Fill::Code(code) => prose.code(code),
                    Fill::Spans(spans) => prose.append(spans),
                };
                rest = &rest[close + 1..];
            }
            prose.plain(rest);
        }
        prose
    }

    /// Appends words (merged with plain words before them).
    pub fn plain(&mut self, words: &str) -> &mut Prose {
        if words.is_empty() {
            return self;
        }
        if let Some(Span::Plain(last)) = self.0.last_mut() {
            last.push_str(words);
        } else {
            self.0.push(Span::Plain(words.to_owned()));
        }
        self
    }

    /// Appends code.
    pub fn code(&mut self, code: &str) -> &mut Prose {
        if !code.is_empty() {
            self.0.push(Span::Code(code.to_owned()));
        }
        self
    }

    /// Appends every span of `other`.
    pub fn append(&mut self, other: &Prose) -> &mut Prose {
        for span in &other.0 {
            match span {
                Span::Plain(words) => self.plain(words),
                Span::Code(code) => self.code(code),
            };
        }
        self
    }

    /// Whether there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Prose {
    /// Plain text, code in backticks (more of them when the code holds one).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for span in &self.0 {
            match span {
                Span::Plain(words) => f.write_str(words)?,
                Span::Code(code) if code.contains('`') => write!(f, "`` {code} ``")?,
                Span::Code(code) => write!(f, "`{code}`")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_mark_code_unless_unbalanced() {
        let prose = Prose::parse("take `&str`, not `String`.");
        assert_eq!(
            prose.0,
            vec![
                Span::Plain("take ".into()),
                Span::Code("&str".into()),
                Span::Plain(", not ".into()),
                Span::Code("String".into()),
                Span::Plain(".".into()),
            ]
        );
        assert_eq!(prose.to_string(), "take `&str`, not `String`.");
        assert_eq!(Prose::parse("a ` b").0, vec![Span::Plain("a ` b".into())]);
    }

    #[test]
    fn placeholders_become_code_or_words_and_unknown_ones_stay() {
        let prose = Prose::fill(
            "At {place} you wrote {snippet}: why `clone`? {other}",
            &[("place", Fill::Code("src/lib.rs:12")), ("snippet", Fill::Code("let x = `a`;"))],
        );
        assert_eq!(prose.to_string(), "At `src/lib.rs:12` you wrote `` let x = `a`; ``: why `clone`? {other}");
        assert_eq!(prose.0[1], Span::Code("src/lib.rs:12".into()));
    }
}
