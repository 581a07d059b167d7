use junior_08_vec_vs_array::History;

#[test]
fn visits_and_goes_back() {
    let mut history = History::new();
    history.visit(1);
    history.visit(2);
    history.visit(3);
    assert_eq!(history.current(), Some(3));
    assert_eq!(history.back(), Some(2));
    assert_eq!(history.current(), Some(2));
    assert_eq!(history.pages(), [1, 2]);
}

#[test]
fn cannot_go_back_from_the_first_page() {
    let mut history = History::new();
    history.visit(7);
    assert_eq!(history.back(), None);
    assert_eq!(history.current(), Some(7));
    assert_eq!(history.len(), 1);
}

#[test]
fn keeps_a_long_reading_session() {
    let mut history = History::new();
    for page in 100..150 {
        history.visit(page);
    }
    assert_eq!(history.len(), 50);
    assert_eq!(history.current(), Some(149));
    assert_eq!(history.pages()[0], 100);
}
