use junior_08_vec_vs_array::History;

#[test]
fn a_very_long_session() {
    let mut history = History::new();
    for page in 0..10_000 {
        history.visit(page);
    }
    assert_eq!(history.len(), 10_000);
    assert_eq!(history.current(), Some(9_999));
    let expected: Vec<u32> = (0..10_000).collect();
    assert_eq!(history.pages(), &expected[..]);
}

#[test]
fn goes_back_all_the_way() {
    let mut history = History::new();
    for page in 0..5_000 {
        history.visit(page * 2);
    }
    for page in (0..4_999).rev() {
        assert_eq!(history.back(), Some(page * 2));
    }
    assert_eq!(history.back(), None);
    assert_eq!(history.current(), Some(0));
    assert_eq!(history.pages(), [0]);
}

#[test]
fn goes_back_then_reads_on() {
    let mut history = History::new();
    for page in 0..3_000 {
        history.visit(page);
    }
    for _ in 0..1_000 {
        history.back();
    }
    assert_eq!(history.current(), Some(1_999));
    for page in 50_000..53_000 {
        history.visit(page);
    }
    assert_eq!(history.len(), 5_000);
    assert_eq!(history.pages()[1_999], 1_999);
    assert_eq!(history.pages()[2_000], 50_000);
    assert_eq!(history.current(), Some(52_999));
}

#[test]
fn an_empty_history() {
    let mut history = History::new();
    assert!(history.is_empty());
    assert_eq!(history.len(), 0);
    assert_eq!(history.current(), None);
    assert_eq!(history.back(), None);
    assert!(history.pages().is_empty());
}

#[test]
fn the_same_page_again_and_again() {
    let mut history = History::new();
    for _ in 0..2_500 {
        history.visit(42);
    }
    assert_eq!(history.len(), 2_500);
    assert!(history.pages().iter().all(|&page| page == 42));
    assert_eq!(history.back(), Some(42));
    assert_eq!(history.len(), 2_499);
}

#[test]
fn two_tabs_are_independent() {
    let mut left = History::new();
    let mut right = History::new();
    for page in 0..3_000 {
        left.visit(page);
        right.visit(page + 1_000_000);
        if page % 3 == 0 {
            right.back();
        }
    }
    assert_eq!(left.len(), 3_000);
    assert_eq!(left.current(), Some(2_999));
    // Every third visit is left again, except the very first (there is no page before it).
    assert_eq!(right.len(), 2_001);
    assert_eq!(right.current(), Some(1_002_999));
    assert!(!right.is_empty());
}
