//! The "back" button of a documentation viewer: the pages visited in one tab.

/// Room for about a million pages, far more than anyone reads in one session.
/// (Kept on the heap: an array this big overflows the stack.)
const MAX_PAGES: usize = 1 << 20;

/// The pages visited in one tab, oldest first. Pages are identified by number.
#[derive(Debug)]
pub struct History {
    pages: Box<[u32; MAX_PAGES]>,
    len: usize,
}

impl History {
    /// A tab where nothing has been visited yet.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let pages: Box<[u32; MAX_PAGES]> = vec![0; MAX_PAGES].into_boxed_slice().try_into().unwrap();
        History { pages, len: 0 }
    }

    /// Opens `page`: it becomes the current page. Every visit is recorded, even one to the page
    /// already shown.
    pub fn visit(&mut self, page: u32) {
        if self.len == MAX_PAGES {
            panic!("history is full ({} pages)", MAX_PAGES);
        }
        self.pages[self.len] = page;
        self.len += 1;
    }

    /// The page being shown, if any.
    pub fn current(&self) -> Option<u32> {
        if self.len == 0 {
            None
        } else {
            Some(self.pages[self.len - 1])
        }
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
