#!/usr/bin/env python3
"""Checks a report's layout in headless Chromium, measured in the DOM, at several widths.

    check_layout.py CHROMIUM REPORT.html WORKDIR WIDTH[xHEIGHT] ... [--forbid TEXT ...]

The HTML itself: no absolute path in its text (and none of the --forbid strings, e.g. the
directories the test ran in), no network reference (http:, https:, a protocol-relative //,
src=, <link, url(), no script. Then, for each width, a copy with a small measuring script
appended is loaded with --dump-dom at that window width; the script writes its findings (JSON)
into the DOM, which this script reads back. It fails on
  - a horizontal overflow: the page wider than the window, or an element reaching past the
    window's right edge (unless a scrolling box holds it);
  - a heading or label cut off (its content wider than its box);
  - two text labels of one SVG chart whose boxes intersect;
  - a text label outside its SVG, or a point label outside the plot (the quadrant tints);
  - a marker or cut line drawn through a text label;
  - a line chart's series outside the window its axes span (values the window hides);
  - a panel alone on a row of a two-column grid (an empty half-panel);
  - chart text drawn smaller than 7 px (a chart shrunk to fit a phone).
A screenshot at each width is also taken and checked with check_png.py (size and ink).
Standard library only.
"""
import html
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_png  # noqa: E402

MEASURE = r"""
<script>
(function () {
  const out = {width: window.innerWidth, problems: [], labels: 0, charts: 0};
  const add = (kind, what) => out.problems.push(kind + ": " + what);
  const name = (e) => {
    const sec = e.closest("section");
    const where = sec && sec.id ? "#" + sec.id + " " : "";
    const t = (e.textContent || "").trim().slice(0, 40);
    return where + "<" + e.tagName.toLowerCase() + (e.getAttribute("class") ? "." +
           e.getAttribute("class") : "") + ">" + (t ? " '" + t + "'" : "");
  };
  const slack = 0.5;
  const meets = (a, b) => a.left < b.right - slack && b.left < a.right - slack &&
                          a.top < b.bottom - slack && b.top < a.bottom - slack;
  const inside = (a, b) => a.left >= b.left - slack && a.right <= b.right + slack &&
                           a.top >= b.top - slack && a.bottom <= b.bottom + slack;
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1)
    add("overflow", "the page is " + document.documentElement.scrollWidth + " px wide in a " +
        vw + " px window");
  const scrolls = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") return p.getBoundingClientRect().right <= vw + 1;
    }
    return false;
  };
  const wide = new Set();  // report the outermost element that overflows, not its contents
  for (const e of document.body.querySelectorAll("*")) {
    if (e.closest("svg") && e.tagName.toLowerCase() !== "svg") continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if ((r.right > vw + 1 || r.left < -1) && !scrolls(e)) {
      wide.add(e);
      if (!wide.has(e.parentElement))
        add("overflow", name(e) + " spans " + Math.round(r.left) + ".." + Math.round(r.right) +
            " in a " + vw + " px window");
    }
  }
  for (const e of document.querySelectorAll("h1, h2, h3, th, td, .card, .legend-row, summary")) {
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible")
      add("clipped", name(e) + " needs " + e.scrollWidth + " px, has " + e.clientWidth);
  }
  for (const svg of document.querySelectorAll("svg")) {
    const texts = Array.from(svg.querySelectorAll("text"));
    if (texts.length === 0) continue;
    out.charts++;
    const frame = svg.getBoundingClientRect();
    const scale = svg.getScreenCTM() ? svg.getScreenCTM().a : 1;
    for (const t of texts) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < 7) add("tiny", name(t) + " drawn " + px.toFixed(1) + " px high");
    }
    const boxes = texts.map((t) => t.getBoundingClientRect());
    out.labels += texts.length;
    let plot = null;
    for (const q of svg.querySelectorAll("rect.quadrant")) {
      const r = q.getBoundingClientRect();
      plot = plot ? {left: Math.min(plot.left, r.left), right: Math.max(plot.right, r.right),
                     top: Math.min(plot.top, r.top), bottom: Math.max(plot.bottom, r.bottom)} : r;
    }
    for (let i = 0; i < texts.length; ++i) {
      if (!inside(boxes[i], frame)) add("outside", name(texts[i]) + " leaves its chart");
      if (plot && texts[i].classList.contains("point-label") && !inside(boxes[i], plot))
        add("outside", name(texts[i]) + " leaves the plot");
      for (let j = 0; j < i; ++j)
        if (meets(boxes[i], boxes[j]))
          add("overlap", name(texts[j]) + " and " + name(texts[i]));
    }
    const axes = Array.from(svg.querySelectorAll("line.axis-line")).map((l) => l.getBoundingClientRect());
    if (axes.length === 2) {  // the window the axes span: every series inside it
      const win = {left: Math.min(axes[0].left, axes[1].left), right: Math.max(axes[0].right, axes[1].right),
                   top: Math.min(axes[0].top, axes[1].top), bottom: Math.max(axes[0].bottom, axes[1].bottom)};
      for (const p of svg.querySelectorAll("path.series"))
        if (!inside(p.getBoundingClientRect(), win)) add("window", name(p) + " leaves the axes' window");
    }
    for (const l of svg.querySelectorAll("line.marker, line.cut")) {
      const r = l.getBoundingClientRect();
      const seg = {left: r.left - 0.5, right: r.right + 0.5, top: r.top, bottom: r.bottom};
      for (let i = 0; i < texts.length; ++i)
        if (meets(seg, boxes[i])) add("crossed", name(texts[i]) + " by a " + l.getAttribute("class") + " line");
    }
  }
  for (const grid of document.querySelectorAll(".grid")) {
    const panels = Array.from(grid.children);
    const gw = grid.getBoundingClientRect().width;
    for (const p of panels) {
      const r = p.getBoundingClientRect();
      if (r.width > gw * 0.75) continue;
      const partner = panels.some((q) => q !== p &&
          Math.abs(q.getBoundingClientRect().top - r.top) < 1);
      if (!partner) add("half-empty", name(p).split(">")[0] + "> is alone on its row");
    }
  }
  const pre = document.createElement("pre");
  pre.id = "kam-layout";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
  parent.postMessage(pre.textContent, "*");
})();
</script>
"""

NETWORK = ["http:", "https:", "src=", "<link", "url(", "<script", "<iframe", "@import"]


def check_html(text, forbid):
    """Returns the problems of the HTML text itself."""
    problems = []
    lower = text.lower()
    for bad in NETWORK:
        if bad in lower:
            problems.append(f"network: the HTML contains '{bad}'")
    if re.search(r"""["'(=\s]//[A-Za-z0-9]""", text):
        problems.append("network: the HTML contains a protocol-relative // reference")
    visible = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    visible = html.unescape(re.sub(r"<[^>]*>", " ", visible))
    for m in re.finditer(r"""(?:^|[\s"'(=:])(/[\w.@-]+/[\w.@/-]*|[A-Za-z]:\\[^\s<]*)""", visible):
        problems.append(f"path: absolute path '{m.group(1)}' in the text")
    for f in forbid:
        if f and f in text:
            problems.append(f"path: the HTML contains '{f}'")
    return problems


def chromium(binary, workdir, args):
    profile = os.path.join(workdir, "chromium-profile")
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}"] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


# Headless Chromium lays a page out at least 500 px wide whatever the window, so the report is
# shown in a frame of the width wanted; the measuring script inside posts its findings out.
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="border:0;display:block;width:{width}px;height:{height}px"></iframe>
<script>window.addEventListener("message", (e) => {{ const p = document.createElement("pre");
p.id = "kam-layout"; p.textContent = e.data; document.body.appendChild(p); }});</script>
</body></html>
"""


def framed(workdir, name, src, width, height):
    """Writes a page showing `src` in a frame of width x height; returns its path."""
    path = os.path.join(workdir, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(FRAME.format(src=src, width=width, height=height))
    return path


def measure(binary, report, workdir, width, height):
    """Returns the measuring script's findings at one window size."""
    text = open(report, encoding="utf-8").read()
    probe = os.path.join(workdir, f"measure-{width}.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", MEASURE + "</body>"))
    outer = framed(workdir, f"frame-measure-{width}.html", os.path.basename(probe), width, height)
    run = chromium(binary, workdir, [f"--window-size={max(width, 500)},{height}",
                                     "--virtual-time-budget=5000", "--dump-dom",
                                     "file://" + outer])
    m = re.search(r'<pre id="kam-layout">(.*?)</pre>', run.stdout, flags=re.S)
    if not m:
        sys.exit(f"Chromium gave no measurement at {width} px ({run.returncode}):\n" + "\n".join(run.stderr.splitlines()[-5:]))
    return json.loads(html.unescape(m.group(1)))


def ink_in(rows, channels, width):
    """Returns the share of the first `width` columns that is not the commonest colour."""
    counts = {}
    for row in rows:
        for x in range(0, width * channels, channels):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    return 1 - max(counts.values()) / (width * len(rows))


def main():
    argv, forbid = sys.argv[1:], []
    if "--forbid" in argv:
        at = argv.index("--forbid")
        argv, forbid = argv[:at], argv[at + 1:]
    binary, report, workdir, sizes = argv[0], argv[1], argv[2], argv[3:]
    os.makedirs(workdir, exist_ok=True)
    problems = check_html(open(report, encoding="utf-8").read(), forbid)
    for size in sizes:
        width, _, height = size.partition("x")
        width, height = int(width), int(height or 2400)
        found = measure(binary, report, workdir, width, height)
        print(f"{width} px: window {found['width']} px, {found['charts']} charts, "
              f"{found['labels']} labels, {len(found['problems'])} problems")
        if found["width"] != width:
            problems.append(f"window: asked for {width} px, Chromium laid out {found['width']} px")
        problems += [f"{width} px: {p}" for p in found["problems"]]
        png = os.path.join(workdir, f"report-{width}.png")
        shown = os.path.join(workdir, f"report-{width}.html")
        with open(shown, "w", encoding="utf-8") as f:
            f.write(open(report, encoding="utf-8").read())
        outer = framed(workdir, f"frame-{width}.html", os.path.basename(shown), width, height)
        run = chromium(binary, workdir, [f"--window-size={max(width, 500)},{height}",
                                         f"--screenshot={png}", "file://" + outer])
        if run.returncode != 0 or not os.path.exists(png):
            problems.append(f"{width} px: no screenshot ({run.returncode}): {run.stderr}")
            continue
        w, h, channels, rows = check_png.read_png(png)
        if (w, h) != (max(width, 500), height):
            problems.append(f"{width} px: screenshot is {w}x{h}")
        ink = ink_in(rows, channels, width)
        print(f"{png}: {w}x{h}, {ink:.3f} of the report's {width} px drawn on")
        if ink < 0.1:
            problems.append(f"{width} px: screenshot: only {ink:.3f} of the report drawn on")
    for p in problems:
        print("FAILED " + p)
    if problems:
        sys.exit(f"{len(problems)} layout problem(s)")
    print("layout ok")


if __name__ == "__main__":
    main()
