//! The "back" button of a documentation viewer: the pages visited in one tab.

/// How many pages fit before the buffer has to grow.
const START_PAGES: usize = 16;

/// The pages visited in one tab, oldest first. Pages are identified by number.
#[derive(Debug)]
pub struct History {
    pages: Box<[u32]>,
    len: usize,
}

impl History {
    /// A tab where nothing has been visited yet.
    pub fn new() -> Self {
        History { pages: Box::new([0; START_PAGES]), len: 0 }
    }

    /// Opens `page`: it becomes the current page. Every visit is recorded, even one to the page
    /// already shown.
    pub fn visit(&mut self, page: u32) {
        if self.len == self.pages.len() {
            // full: make a buffer twice as big and copy everything over
            let mut bigger = self.pages.to_vec();
            bigger.resize(self.pages.len() * 2, 0);
            self.pages = bigger.into_boxed_slice();
        }
        self.pages[self.len] = page;
        self.len += 1;
    }

    /// The page being shown, if any.
    pub fn current(&self) -> Option<u32> {
        if self.is_empty() {
            return None;
        }
        Some(*self.pages.get(self.len - 1).unwrap())
    }

    /// Leaves the current page and returns the page shown now (the one visited before it).
    ///
    /// With fewer than two pages there is nowhere to go back to: nothing changes and the result is
    /// `None`.
    pub fn back(&mut self) -> Option<u32> {
        if self.len < 2 {
            return None;
        }
        self.len -= 1;
        self.current()
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
