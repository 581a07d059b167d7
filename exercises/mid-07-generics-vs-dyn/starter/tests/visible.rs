use mid_07_generics_vs_dyn::{covered_cells, Circle, Drawing, Rect, Shape};

#[test]
fn a_drawing_holds_different_shapes() {
    let mut drawing = Drawing::new();
    drawing.add(Circle { x: 0.0, y: 0.0, radius: 1.0 });
    drawing.add(Rect { x: 2.0, y: 0.0, width: 3.0, height: 2.0 });
    assert_eq!(drawing.len(), 2);
    assert_eq!(drawing.names(), ["circle", "rect"]);
    assert!((drawing.total_area() - (std::f64::consts::PI + 6.0)).abs() < 1e-9);
}

#[test]
fn counts_the_cells_a_shape_covers() {
    let rect = Rect { x: 1.0, y: 1.0, width: 3.0, height: 2.0 };
    assert_eq!(covered_cells(&rect, 10, 10), 6);
    let circle = Circle { x: 5.0, y: 5.0, radius: 1.0 };
    assert_eq!(covered_cells(&circle, 10, 10), 4);
}

#[test]
fn finds_the_shape_under_a_point() {
    let mut drawing = Drawing::new();
    drawing.add(Rect { x: 0.0, y: 0.0, width: 2.0, height: 2.0 });
    drawing.add(Circle { x: 6.0, y: 6.0, radius: 2.0 });
    let found: &dyn Shape = drawing.shape_at(6.5, 5.5).expect("the circle is there");
    assert_eq!(found.name(), "circle");
    assert_eq!(covered_cells(found, 10, 10), 12);
    assert!(drawing.shape_at(4.0, 1.0).is_none());
}
