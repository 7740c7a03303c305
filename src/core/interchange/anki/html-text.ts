/** The text of a field's HTML, as Anki's sort field and checksum see it: tags gone, common entities decoded. */
export function htmlText(html: string): string {
	return html
		.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/gi, '')
		.replace(/<[^>]*>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.trim();
}
