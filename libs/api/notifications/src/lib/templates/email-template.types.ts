/** What a template produces: the parts of a message that depend on its content. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
