use std::f64::consts::PI;

use mid_07_generics_vs_dyn::{covered_cells, Circle, Drawing, Rect, Shape};

/// A shape this crate has never heard of: the triangle with corners (x, y), (x + size, y) and
/// (x, y + size).
struct Corner {
    x: f64,
    y: f64,
    size: f64,
}

impl Shape for Corner {
    fn name(&self) -> &str {
        "corner"
    }

    fn area(&self) -> f64 {
        self.size * self.size / 2.0
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && y >= self.y && (x - self.x) + (y - self.y) <= self.size
    }
}

/// A shape that holds a `String` and covers the whole plane.
struct Background {
    label: String,
}

impl Shape for Background {
    fn name(&self) -> &str {
        &self.label
    }

    fn area(&self) -> f64 {
        f64::INFINITY
    }

    fn contains(&self, _x: f64, _y: f64) -> bool {
        true
    }
}

/// A second caller, which only ever sees the shape the user selected, whatever its type: how many
/// cells of a 10 × 10 canvas it covers.
fn selection_cover(selected: Option<&dyn Shape>) -> u32 {
    selected.map_or(0, |shape| covered_cells(shape, 10, 10))
}

/// A third caller, generic over one kind of shape: the cells a row of tiles covers on a 10 × 10
/// canvas, each tile counted on its own.
fn tiles_cover<S: Shape>(tiles: &[S]) -> u32 {
    tiles.iter().map(|tile| covered_cells(tile, 10, 10)).sum()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn a_drawing_takes_shapes_it_has_never_seen() {
    let mut drawing = Drawing::new();
    drawing.add(Corner { x: 0.0, y: 0.0, size: 4.0 });
    drawing.add(Rect { x: 1.0, y: 1.0, width: 2.0, height: 0.5 });
    drawing.add(Circle { x: 3.0, y: 3.0, radius: 1.0 });
    drawing.add(Corner { x: 5.0, y: 5.0, size: 2.0 });
    assert_eq!(drawing.len(), 4);
    assert!(!drawing.is_empty());
    assert_eq!(drawing.names(), ["corner", "rect", "circle", "corner"]);
    assert!(close(drawing.total_area(), 8.0 + 1.0 + PI + 2.0));
}

#[test]
fn the_topmost_shape_wins_where_shapes_overlap() {
    let mut drawing = Drawing::new();
    drawing.add(Background { label: "paper".to_string() });
    drawing.add(Rect { x: 0.0, y: 0.0, width: 4.0, height: 4.0 });
    drawing.add(Circle { x: 2.0, y: 2.0, radius: 1.0 });
    drawing.add(Corner { x: 2.0, y: 2.0, size: 1.0 });

    let name_at = |x: f64, y: f64| drawing.shape_at(x, y).map(|shape| shape.name().to_string());
    assert_eq!(name_at(2.2, 2.2).as_deref(), Some("corner"));
    assert_eq!(name_at(1.5, 1.5).as_deref(), Some("circle"));
    assert_eq!(name_at(0.5, 3.5).as_deref(), Some("rect"));
    assert_eq!(name_at(9.0, -9.0).as_deref(), Some("paper"));
    assert_eq!(name_at(4.0, 4.0).as_deref(), Some("rect"));
}

#[test]
fn an_empty_drawing() {
    let drawing = Drawing::new();
    assert!(drawing.is_empty());
    assert_eq!(drawing.len(), 0);
    assert!(drawing.shape_at(0.0, 0.0).is_none());
    assert!(drawing.names().is_empty());
    assert!(close(drawing.total_area(), 0.0));
}

#[test]
fn a_point_outside_every_shape_finds_nothing() {
    let mut drawing = Drawing::new();
    drawing.add(Circle { x: 0.0, y: 0.0, radius: 1.0 });
    assert!(drawing.shape_at(1.0, 1.0).is_none());
    assert!(drawing.shape_at(1.0, 0.0).is_some());
}

#[test]
fn covered_cells_of_circles() {
    assert_eq!(covered_cells(&Circle { x: 2.0, y: 2.0, radius: 2.0 }, 4, 4), 12);
    assert_eq!(covered_cells(&Circle { x: 2.0, y: 2.0, radius: 2.0 }, 3, 4), 10);
    assert_eq!(covered_cells(&Circle { x: 50.0, y: 50.0, radius: 1.0 }, 10, 10), 0);
}

#[test]
fn covered_cells_of_rects() {
    assert_eq!(covered_cells(&Rect { x: 0.0, y: 0.0, width: 100.0, height: 100.0 }, 7, 3), 21);
    assert_eq!(covered_cells(&Rect { x: 2.5, y: 0.5, width: 2.0, height: 0.0 }, 10, 10), 3);
}

#[test]
fn covered_cells_of_a_callers_own_shapes() {
    assert_eq!(covered_cells(&Corner { x: 0.0, y: 0.0, size: 3.0 }, 5, 5), 6);
    assert_eq!(covered_cells(&Background { label: "all".to_string() }, 0, 9), 0);
    assert_eq!(covered_cells(&Background { label: "all".to_string() }, 1000, 1000), 1_000_000);
}

#[test]
fn covered_cells_of_boxed_shapes() {
    let shapes: Vec<Box<dyn Shape>> = vec![
        Box::new(Corner { x: 0.0, y: 0.0, size: 3.0 }),
        Box::new(Rect { x: 1.0, y: 1.0, width: 3.0, height: 2.0 }),
        Box::new(Background { label: "sky".to_string() }),
    ];
    let counts: Vec<u32> = shapes.iter().map(|shape| covered_cells(shape.as_ref(), 5, 5)).collect();
    assert_eq!(counts, [6, 6, 25]);
}

#[test]
fn covered_cells_of_borrowed_trait_objects() {
    let borrowed: &dyn Shape = &Circle { x: 2.0, y: 2.0, radius: 2.0 };
    assert_eq!(covered_cells(borrowed, 4, 4), 12);

    let mut drawing = Drawing::new();
    drawing.add(Corner { x: 0.0, y: 0.0, size: 3.0 });
    let found = drawing.shape_at(0.5, 0.5).expect("the corner is there");
    assert_eq!(covered_cells(found, 5, 5), 6);
}

#[test]
fn a_generic_caller_can_measure_its_tiles() {
    let rects: Vec<Rect> = (0..5).map(|n| Rect { x: f64::from(2 * n), y: 0.0, width: 1.0, height: 10.0 }).collect();
    assert_eq!(tiles_cover(&rects), 50);
    let corners = [Corner { x: 0.0, y: 0.0, size: 4.0 }, Corner { x: 5.0, y: 5.0, size: 2.0 }];
    assert_eq!(tiles_cover(&corners), 13);
    assert_eq!(tiles_cover::<Circle>(&[]), 0);
}

#[test]
fn a_caller_can_measure_the_selected_shape() {
    let mut drawing = Drawing::new();
    drawing.add(Rect { x: 0.0, y: 0.0, width: 5.0, height: 10.0 });
    drawing.add(Corner { x: 6.0, y: 0.0, size: 4.0 });
    assert_eq!(selection_cover(drawing.shape_at(1.0, 1.0)), 50);
    assert_eq!(selection_cover(drawing.shape_at(6.5, 0.5)), 10);
    assert_eq!(selection_cover(drawing.shape_at(9.9, 9.9)), 0);
    let wall = Background { label: "wall".to_string() };
    assert_eq!(selection_cover(Some(&wall)), 100);
}

/// The fewest allocations of three runs of `work`, so that an allocation another thread of the
/// test process happens to make meanwhile (the harness starting up) is not counted.
fn fewest_allocations<T>(mut work: impl FnMut() -> T) -> (T, u64) {
    let (mut result, counted) = crate::grader_measure::count_allocations(&mut work);
    let mut fewest = counted.total();
    for _ in 0..2 {
        let (again, counted) = crate::grader_measure::count_allocations(&mut work);
        result = again;
        fewest = fewest.min(counted.total());
    }
    (result, fewest)
}

/// `covered_cells` on a circle, a caller's own shape and a `&dyn Shape`, each over a `side` x `side`
/// grid, with the fewest allocations of three runs.
fn hot_path(side: u32) -> ((u32, u32, u32), u64) {
    let circle = Circle { x: 20.0, y: 20.0, radius: 10.0 };
    let corner = Corner { x: 0.0, y: 0.0, size: 10.0 };
    let chosen: &dyn Shape = &Rect { x: 0.0, y: 0.0, width: 30.0, height: 5.0 };
    fewest_allocations(|| {
        (covered_cells(&circle, side, side), covered_cells(&corner, side, side), covered_cells(chosen, side, side))
    })
}

#[test]
fn the_hot_path_boxes_nothing() {
    // An empty grid has no cell to look at: whatever is allocated is boxed before looking (the
    // shape, an iterator or a closure).
    let (counts, allocations) = hot_path(0);
    crate::grader_measure::report("allocations", allocations);
    assert_eq!(counts, (0, 0, 0));
}

#[test]
fn the_hot_path_stores_no_cells() {
    let (_, on_empty) = hot_path(0);
    let (counts, on_grid) = hot_path(40);
    // What a 40 x 40 grid costs more than an empty one: the cells (or their centres) stored on the
    // way. Counting them only asks the shape about points.
    crate::grader_measure::report("allocations", on_grid.saturating_sub(on_empty));
    assert_eq!(counts.1, 55);
    assert_eq!(counts.2, 150);
    assert_eq!(counts.0, covered_cells(&Circle { x: 20.0, y: 20.0, radius: 10.0 }, 40, 40));
    assert!(counts.0 > 300 && counts.0 < 330, "{} cells", counts.0);
}

#[test]
fn asking_a_drawing_allocates_nothing() {
    let mut drawing = Drawing::new();
    for n in 0..200_u32 {
        let at = f64::from(n % 20) * 5.0;
        match n % 3 {
            0 => drawing.add(Circle { x: at, y: at, radius: 1.0 }),
            1 => drawing.add(Rect { x: at, y: 0.0, width: 1.0, height: 1.0 }),
            _ => drawing.add(Corner { x: 0.0, y: at, size: 1.0 }),
        }
    }
    let ((area, top, nothing, len, empty), allocations) = fewest_allocations(|| {
        let top = drawing.shape_at(50.0, 50.5).map(|shape| shape.name().len());
        (drawing.total_area(), top, drawing.shape_at(-7.0, 3.0).is_none(), drawing.len(), drawing.is_empty())
    });
    // Adding up areas and finding the topmost shape only read the shapes: nothing is collected.
    crate::grader_measure::report("allocations", allocations);
    let expected = 67.0 * PI + 67.0 + 66.0 * 0.5;
    assert!(close(area, expected), "{area}");
    assert_eq!(top, Some("circle".len()));
    assert!(nothing);
    assert_eq!((len, empty), (200, false));
}
