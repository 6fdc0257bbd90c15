export function LibraryScreen() { return <h1>LibraryScreen</h1>; }
