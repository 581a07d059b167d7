//! The "back" button of a documentation viewer: the pages visited in one tab.

/// The pages visited in one tab, oldest first. Pages are identified by number.
///
/// The history grows with the session: it is a `Vec` used as a stack, the current page on top.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct History {
    pages: Vec<u32>,
}

impl History {
    /// A tab where nothing has been visited yet.
    pub const fn new() -> Self {
        History { pages: Vec::new() }
    }

    /// Opens `page`: it becomes the current page. Every visit is recorded, even one to the page
    /// already shown.
    pub fn visit(&mut self, page: u32) {
        self.pages.push(page);
    }

    /// The page being shown, if any.
    pub fn current(&self) -> Option<u32> {
        self.pages.last().copied()
    }

    /// Leaves the current page and returns the page shown now (the one visited before it).
    ///
    /// With fewer than two pages there is nowhere to go back to: nothing changes and the result is
    /// `None`.
    pub fn back(&mut self) -> Option<u32> {
        let [.., previous, _] = *self.pages else {
            return None;
        };
        self.pages.pop();
        Some(previous)
    }

    /// How many pages the history holds.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether nothing has been visited (or everything has been left again).
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// The pages in the history, oldest first; the last one is the current page.
    pub fn pages(&self) -> &[u32] {
        &self.pages
    }
}
