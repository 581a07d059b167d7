//! Shapes on a canvas: a drawing that holds them, and the hit test the renderer runs every frame.

use std::f64::consts::PI;

/// Something that can be drawn on the canvas. Coordinates grow to the right (x) and up (y).
pub trait Shape {
    /// A short name for the shape, such as `"circle"`.
    fn name(&self) -> &str;
    /// The area the shape covers.
    fn area(&self) -> f64;
    /// Whether the point `(x, y)` lies inside the shape or on its edge.
    fn contains(&self, x: f64, y: f64) -> bool;
}

/// A circle, given by its centre and radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    pub x: f64,
    pub y: f64,
    pub radius: f64,
}

impl Shape for Circle {
    fn name(&self) -> &str {
        "circle"
    }

    fn area(&self) -> f64 {
        PI * self.radius * self.radius
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        let (dx, dy) = (x - self.x, y - self.y);
        dx * dx + dy * dy <= self.radius * self.radius
    }
}

/// A rectangle with its sides along the axes, given by its lower-left corner and its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Shape for Rect {
    fn name(&self) -> &str {
        "rect"
    }

    fn area(&self) -> f64 {
        self.width * self.height
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        self.x <= x && x <= self.x + self.width && self.y <= y && y <= self.y + self.height
    }
}

/// Counts the cells of a `width` × `height` grid of unit cells whose centre lies in `shape`. The
/// cell in column `i` and row `j` has its centre at `(i + 0.5, j + 0.5)`.
///
/// The renderer calls this for every shape on every frame: it is the hot path.
pub fn covered_cells(shape: &(dyn Shape + '_), width: u32, height: u32) -> u32 {
    let mut centres = Vec::new();
    for j in 0..height {
        for i in 0..width {
            centres.push((f64::from(i) + 0.5, f64::from(j) + 0.5));
        }
    }
    let count = centres.iter().filter(|(x, y)| shape.contains(*x, *y)).count();
    u32::try_from(count).unwrap()
}

/// Shapes are stored boxed so different kinds fit in one Vec.
pub type ShapeBox = Box<dyn Shape>;

/// The shapes of one drawing, in the order they were added. A shape added later is drawn on top
/// of the shapes added before it.
#[derive(Default)]
pub struct Drawing {
    shapes: Vec<ShapeBox>,
}

impl Drawing {
    /// An empty drawing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `shape` on top of the drawing.
    pub fn add<S: Shape + 'static>(&mut self, shape: S) {
        self.shapes.push(Box::new(shape));
    }

    /// How many shapes the drawing holds.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether the drawing holds no shape.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The names of the shapes, bottom first.
    pub fn names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        for shape in self.shapes.iter() {
            names.push(shape.name());
        }
        names
    }

    /// The areas of all the shapes added up (where shapes overlap, each one counts).
    pub fn total_area(&self) -> f64 {
        self.shapes.iter().map(|shape| shape.area()).sum()
    }

    /// The topmost shape that contains the point `(x, y)`, if any.
    pub fn shape_at(&self, x: f64, y: f64) -> Option<&dyn Shape> {
        for i in (0..self.shapes.len()).rev() {
            if self.shapes[i].contains(x, y) {
                return Some(&*self.shapes[i]);
            }
        }
        None
    }
}
