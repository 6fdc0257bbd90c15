export function ItemScreen() { return <h1>ItemScreen</h1>; }
