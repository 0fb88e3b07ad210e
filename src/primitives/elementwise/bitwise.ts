// (filled in by its family)
export {};
