/** A letter monogram as an inline SVG data URI: no binary assets in the repo, crisp at any size. */
export function monogramLogo(letters: string, background: string, foreground = "#ffffff"): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="${background}"/><text x="32" y="41" font-family="Inter,Arial,sans-serif" font-size="${letters.length > 2 ? 20 : 26}" font-weight="700" fill="${foreground}" text-anchor="middle">${letters}</text></svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}
