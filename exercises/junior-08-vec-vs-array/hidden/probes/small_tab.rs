//! A `History` holds a handle to pages kept on the heap, not room for a guessed number of pages
//! inside itself: every open tab has one, whether its reader visits two pages or ten thousand.
//! 1 KiB leaves room for a small inline buffer (a few hundred bytes); an array sized for a long
//! reading session (thousands of pages) does not fit.

use junior_08_vec_vs_array::History;

const _: () = assert!(std::mem::size_of::<History>() <= 1024, "a History carries a fixed array of pages inline");

fn main() {
    let tabs: Vec<History> = (0..3).map(|_| History::new()).collect();
    assert!(tabs.iter().all(History::is_empty));
}
