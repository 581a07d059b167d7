use mid_02_traits::{cheapest, receipt, total, Book, Product};

/// Uses the default label.
struct Pen {
    price: u64,
}

impl Product for Pen {
    fn name(&self) -> &str {
        "pen"
    }

    fn price_cents(&self) -> u64 {
        self.price
    }
}

/// Says more than its name on a receipt.
struct Poster {
    subject: String,
    width_cm: u32,
    height_cm: u32,
    price: u64,
}

impl Product for Poster {
    fn name(&self) -> &str {
        &self.subject
    }

    fn price_cents(&self) -> u64 {
        self.price
    }

    fn label(&self) -> String {
        format!("poster '{}' ({}x{} cm)", self.subject, self.width_cm, self.height_cm)
    }
}

/// Borrows its text from somewhere else: not `'static`, not `Clone`, not `Debug`.
struct Sticker<'a> {
    text: &'a str,
}

impl Product for Sticker<'_> {
    fn name(&self) -> &str {
        self.text
    }

    fn price_cents(&self) -> u64 {
        // Ten cents a character.
        10 * self.text.chars().count() as u64
    }
}

fn poster(subject: &str, price: u64) -> Poster {
    Poster { subject: subject.to_string(), width_cm: 50, height_cm: 70, price }
}

#[test]
fn the_default_label_is_the_name() {
    let pens = vec![Pen { price: 120 }, Pen { price: 95 }, Pen { price: 300 }];
    assert_eq!(total(&pens), 515);
    assert_eq!(receipt(&pens), "pen: 1.20\npen: 0.95\npen: 3.00\ntotal: 5.15\n");
}

#[test]
fn a_product_may_choose_its_own_label() {
    let posters = [poster("Lighthouse", 1500), poster("Fox", 990)];
    assert_eq!(
        receipt(&posters),
        "poster 'Lighthouse' (50x70 cm): 15.00\nposter 'Fox' (50x70 cm): 9.90\ntotal: 24.90\n"
    );
    assert_eq!(posters[1].name(), "Fox");
}

#[test]
fn cheapest_hands_back_the_callers_own_item() {
    let posters = vec![poster("Owl", 700), poster("Fox", 400), poster("Elk", 400), poster("Bee", 900)];
    let found = cheapest(&posters).expect("a non-empty basket has a cheapest item");
    assert_eq!(found.subject, "Fox");
    assert_eq!(found.width_cm, 50);
    assert!(std::ptr::eq(found, &posters[1]), "the first of the cheapest, borrowed from the basket");
    let one = [Pen { price: 7 }];
    assert!(std::ptr::eq(cheapest(&one).unwrap(), &one[0]));
}

#[test]
fn empty_baskets() {
    let no_books: Vec<Book> = Vec::new();
    let no_pens: [Pen; 0] = [];
    assert_eq!(total(&no_books), 0);
    assert!(cheapest(&no_books).is_none());
    assert!(cheapest(&no_pens).is_none());
    assert_eq!(receipt(&no_pens), "total: 0.00\n");
}

#[test]
fn prices_are_printed_with_two_decimals() {
    let books = [
        Book::new("Leaflet", "Anon", 5),
        Book::new("Atlas", "Various", 100_000),
        Book::new("Emma", "Jane Austen", 1999),
    ];
    assert_eq!(
        receipt(&books),
        "Leaflet by Anon: 0.05\nAtlas by Various: 1000.00\nEmma by Jane Austen: 19.99\ntotal: 1020.04\n"
    );
    assert_eq!(cheapest(&books).map(|book| book.author.as_str()), Some("Anon"));
}

#[test]
fn products_may_borrow_their_data() {
    let words = String::from("hello rust café");
    let stickers: Vec<Sticker> = words.split(' ').map(|text| Sticker { text }).collect();
    assert_eq!(total(&stickers), 130);
    assert_eq!(cheapest(&stickers).map(|sticker| sticker.text), Some("rust"));
    assert_eq!(receipt(&stickers), "hello: 0.50\nrust: 0.40\ncafé: 0.40\ntotal: 1.30\n");
}

/// A second caller, generic itself: what is left of a budget after buying everything, or the
/// cheapest item to put back when the budget is too small.
fn fit_budget<P: Product>(basket: &[P], budget: u64) -> Result<u64, &P> {
    match budget.checked_sub(total(basket)) {
        Some(left) => Ok(left),
        None => Err(cheapest(basket).expect("only a non-empty basket can exceed a budget")),
    }
}

#[test]
fn generic_code_can_build_on_the_functions() {
    let pens = [Pen { price: 250 }, Pen { price: 150 }];
    assert_eq!(fit_budget(&pens, 500).ok(), Some(100));
    assert!(std::ptr::eq(fit_budget(&pens, 300).unwrap_err(), &pens[1]));
    let books = [Book::new("Dune", "Frank Herbert", 1250)];
    assert_eq!(fit_budget(&books, 1250).ok(), Some(0));
    assert_eq!(fit_budget(&books, 1000).err().map(|book| book.title.as_str()), Some("Dune"));
}

/// The allocations `work` makes: the fewest of three runs, so that an allocation another thread of
/// the test process happens to make meanwhile (the harness starting up) is not counted.
fn allocations_of<T>(mut work: impl FnMut() -> T) -> (T, u64) {
    let (mut result, counted) = crate::grader_measure::count_allocations(&mut work);
    let mut fewest = counted.total();
    for _ in 0..2 {
        let (again, counted) = crate::grader_measure::count_allocations(&mut work);
        result = again;
        fewest = fewest.min(counted.total());
    }
    (result, fewest)
}

/// A basket of `pens` pens, the cheapest (3 cents) at position 7 and again at the end.
fn pens(pens: usize) -> Vec<Pen> {
    (0..pens).map(|n| Pen { price: if n == 7 || n + 1 == pens { 3 } else { 100 + (n as u64 % 50) } }).collect()
}

#[test]
fn totals_and_cheapest_allocate_nothing() {
    let basket = pens(500);
    let ((sum, cheap), allocations) = allocations_of(|| (total(&basket), cheapest(&basket)));
    // Reading prices through the trait needs no copy, no collection and no box.
    crate::grader_measure::report("allocations", allocations);
    let expected: u64 = basket.iter().map(|pen| pen.price).sum();
    assert_eq!(sum, expected);
    assert!(std::ptr::eq(cheap.expect("a cheapest pen"), &basket[7]));
}

#[test]
fn pricing_does_not_box_each_item() {
    let small = pens(300);
    let large = pens(3_000);
    let (on_small, small_count) = allocations_of(|| (total(&small), cheapest(&small).map(|pen| pen.price)));
    let (on_large, large_count) = allocations_of(|| (total(&large), cheapest(&large).map(|pen| pen.price)));
    // What ten times the items costs more: a box (or copy) per item grows with the basket.
    crate::grader_measure::report("allocations", large_count.saturating_sub(small_count));
    assert_eq!(on_small.1, Some(3));
    assert_eq!(on_large.1, Some(3));
    assert_eq!(on_small.0, small.iter().map(|pen| pen.price).sum::<u64>());
    assert_eq!(on_large.0, large.iter().map(|pen| pen.price).sum::<u64>());
}
