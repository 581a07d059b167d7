//! The tasks of a build and what each one waits for.
//!
//! Every task is a shared, mutable node: it owns its dependencies (`Rc`) and points back to the
//! tasks that need it (`Weak`), so that both directions can be followed.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::rc::{Rc, Weak};

/// Names a task of one [`TaskGraph`]. Ids follow creation order: the first task created has the
/// smallest id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(usize);

/// Why [`TaskGraph::build_order`] found no order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleError {
    /// Every task that cannot be ordered, in id order.
    pub stuck: Vec<TaskId>,
}

#[derive(Debug)]
struct Task {
    id: TaskId,
    name: String,
    /// The tasks this one waits for, in the order they were added.
    depends_on: Vec<Rc<RefCell<Task>>>,
    /// The tasks waiting for this one, in the order they were added.
    needed_by: Vec<Weak<RefCell<Task>>>,
}

/// A dependency graph of build tasks.
#[derive(Debug, Default)]
pub struct TaskGraph {
    tasks: Vec<Rc<RefCell<Task>>>,
}

impl TaskGraph {
    /// A graph with no tasks.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of tasks.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether the graph has no tasks.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Adds a task named `name` and returns its id; a name already in the graph gives the id it
    /// already has.
    pub fn add_task(&mut self, name: &str) -> TaskId {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = TaskId(self.tasks.len());
        self.tasks.push(Rc::new(RefCell::new(Task {
            id,
            name: name.to_string(),
            depends_on: Vec::new(),
            needed_by: Vec::new(),
        })));
        id
    }

    /// The id of the task named `name`.
    pub fn find(&self, name: &str) -> Option<TaskId> {
        self.tasks.iter().map(|task| task.borrow()).find(|task| task.name == name).map(|task| task.id)
    }

    fn task(&self, id: TaskId) -> Rc<RefCell<Task>> {
        Rc::clone(&self.tasks[id.0])
    }

    /// Records that `task` can only start once `on` is done. Recording it again changes nothing.
    pub fn add_dependency(&mut self, task: TaskId, on: TaskId) {
        let task = self.task(task);
        let on = self.task(on);
        if task.borrow().depends_on.iter().any(|known| Rc::ptr_eq(known, &on)) {
            return;
        }
        // Each borrow ends before the next starts, so `task` and `on` may be the same task.
        task.borrow_mut().depends_on.push(Rc::clone(&on));
        on.borrow_mut().needed_by.push(Rc::downgrade(&task));
    }

    /// The tasks `task` waits for directly, in the order they were added.
    pub fn dependencies(&self, task: TaskId) -> Vec<TaskId> {
        self.task(task).borrow().depends_on.iter().map(|on| on.borrow().id).collect()
    }

    /// The tasks waiting directly for `task`, in the order they were added.
    pub fn dependents(&self, task: TaskId) -> Vec<TaskId> {
        self.task(task).borrow().needed_by.iter().filter_map(Weak::upgrade).map(|waiting| waiting.borrow().id).collect()
    }

    /// Every task that must be done before `task` can start, directly or not, in id order.
    pub fn all_dependencies(&self, task: TaskId) -> Vec<TaskId> {
        let mut found = BTreeSet::new();
        let mut to_visit: Vec<Rc<RefCell<Task>>> = self.task(task).borrow().depends_on.clone();
        while let Some(next) = to_visit.pop() {
            let next = next.borrow();
            if found.insert(next.id) {
                to_visit.extend(next.depends_on.iter().cloned());
            }
        }
        found.into_iter().collect()
    }

    /// Every task, each after all the tasks it depends on; when several tasks could come next,
    /// the one created first does.
    pub fn build_order(&self) -> Result<Vec<TaskId>, CycleError> {
        let mut waiting_for: Vec<usize> = self.tasks.iter().map(|task| task.borrow().depends_on.len()).collect();
        let mut ready: BinaryHeap<Reverse<TaskId>> =
            self.tasks.iter().map(|task| task.borrow().id).filter(|id| waiting_for[id.0] == 0).map(Reverse).collect();
        let mut order = Vec::with_capacity(self.tasks.len());
        while let Some(Reverse(id)) = ready.pop() {
            order.push(id);
            for waiting in self.task(id).borrow().needed_by.iter().filter_map(Weak::upgrade) {
                let waiting = waiting.borrow().id;
                waiting_for[waiting.0] -= 1;
                if waiting_for[waiting.0] == 0 {
                    ready.push(Reverse(waiting));
                }
            }
        }
        if order.len() == self.tasks.len() {
            Ok(order)
        } else {
            let stuck = (0..self.tasks.len()).filter(|&index| waiting_for[index] > 0).map(TaskId).collect();
            Err(CycleError { stuck })
        }
    }
}
