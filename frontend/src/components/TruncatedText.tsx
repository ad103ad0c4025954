/** One line of text in a table cell, cut with an ellipsis; the whole text shows on hover (title). */
export function TruncatedText({ text }: { text: string }) {
  return (
    <span className="cell-truncate" title={text}>
      {text}
    </span>
  );
}
