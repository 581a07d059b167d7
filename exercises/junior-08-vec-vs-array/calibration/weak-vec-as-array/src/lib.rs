//! The "back" button of a documentation viewer: the pages visited in one tab.

/// The pages visited in one tab, oldest first. Pages are identified by number.
#[derive(Debug, Clone)]
pub struct History {
    pub pages: Vec<u32>,
    pub len: usize,
}

impl History {
    /// A tab where nothing has been visited yet.
    pub fn new() -> Self {
        History { pages: vec![0; 10], len: 0 }
    }

    /// Opens `page`: it becomes the current page. Every visit is recorded, even one to the page
    /// already shown.
    pub fn visit(&mut self, page: u32) {
        if self.len < self.pages.len() {
            self.pages[self.len] = page;
        } else {
            self.pages.push(page);
        }
        self.len += 1;
    }

    /// The page being shown, if any.
    pub fn current(&self) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        Some(*self.pages().last().unwrap())
    }

    /// Leaves the current page and returns the page shown now (the one visited before it).
    ///
    /// With fewer than two pages there is nowhere to go back to: nothing changes and the result is
    /// `None`.
    pub fn back(&mut self) -> Option<u32> {
        if self.len < 2 {
            return None;
        }
        // keep the old entry in the vec, it gets overwritten by the next visit
        self.len -= 1;
        Some(self.pages[self.len - 1])
    }

    /// How many pages the history holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been visited (or everything has been left again).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The pages in the history, oldest first; the last one is the current page.
    pub fn pages(&self) -> &[u32] {
        &self.pages[..self.len]
    }
}
