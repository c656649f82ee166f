declare namespace App {
  interface Locals {
    /** False when the page is not part of the search index; the middleware then leaves it alone. */
    searchIndexed?: boolean;
  }
}
