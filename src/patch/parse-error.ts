/** Why a diff cannot become a patch: the check that names the reason, and where in the diff it is. */
export class DiffSyntaxError extends Error {
  readonly line: number;
  readonly check: 'parse' | 'undeclared_rename';
  constructor(line: number, message: string, check: 'parse' | 'undeclared_rename' = 'parse') {
    super(message);
    this.line = line;
    this.check = check;
  }
}
