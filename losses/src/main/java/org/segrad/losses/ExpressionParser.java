package org.segrad.losses;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser of loss expressions (grammar in {@link LossExpressions}). Options given outside the
 * expression apply to every term that accepts them (the expression's own options win); an outside option that no
 * term takes is an error. Every error is one {@link IllegalArgumentException} whose message shows the expression
 * and a caret under the position.
 */
final class ExpressionParser {
    private final String src;
    private final Map<String, String> outside;
    private final Set<String> used = new HashSet<>();
    private int pos;
    private int meanDepth;
    private int firstPixelPos = -1;

    ExpressionParser(String src, Map<String, String> outside) {
        this.src = src;
        this.outside = outside;
    }

    Term parse() {
        skipWs();
        if (atEnd()) throw error(pos, "empty loss expression");
        Term t = sum();
        skipWs();
        if (!atEnd()) throw error(pos, "unexpected '" + src.charAt(pos) + "'");
        if (t.perPixel()) {
            throw error(Math.max(firstPixelPos, 0), "the loss is per pixel here; a loss must be a scalar: average per-pixel terms with mean(...)");
        }
        for (String k : outside.keySet()) {
            if (!used.contains(k)) throw new IllegalArgumentException("option '" + k + "' is accepted by no term of the loss '" + src.trim() + "'");
        }
        return t;
    }

    private Term sum() {
        Term t = product();
        while (true) {
            skipWs();
            if (eat('+')) t = Terms.add(t, product());
            else if (eat('-')) t = Terms.sub(t, product());
            else return t;
        }
    }

    private Term product() {
        Term t = unary();
        while (true) {
            skipWs();
            if (eat('*')) t = Terms.mul(t, unary());
            else if (eat('/')) t = Terms.div(t, unary());
            else return t;
        }
    }

    /** Unary minus binds looser than ^: −x^2 = −(x^2). */
    private Term unary() {
        skipWs();
        if (eat('-')) return Terms.neg(unary());
        return power();
    }

    /** ^ is right-associative (a^b^c = a^(b^c)) and its exponent may carry a sign (2^-1). */
    private Term power() {
        Term base = primary();
        skipWs();
        if (eat('^')) return Terms.pow(base, unary());
        return base;
    }

    private Term primary() {
        skipWs();
        if (atEnd()) throw error(pos, "unexpected end of the expression: expected a number, a term or '('");
        char ch = src.charAt(pos);
        if (eat('(')) {
            Term t = sum();
            expect(')');
            return t;
        }
        if (Character.isDigit(ch) || ch == '.') return number();
        if (!Character.isLetter(ch)) throw error(pos, "expected a number, a term or '(', got '" + ch + "'");
        int start = pos;
        String name = identifier();
        switch (name) {
            case "detach", "log", "exp", "mean" -> {
                return function(name, start);
            }
            default -> {
                return term(name, start);
            }
        }
    }

    private Term function(String name, int start) {
        skipWs();
        if (!eat('(')) throw error(pos, name + " needs an argument in parentheses: " + name + "(...)");
        if (name.equals("mean")) meanDepth++;
        Term a = sum();
        expect(')');
        return switch (name) {
            case "detach" -> Terms.detach(a);
            case "log" -> Terms.log(a);
            case "exp" -> Terms.exp(a);
            default -> {
                meanDepth--;
                if (!a.perPixel()) throw error(start, "mean(...) averages a per-pixel term such as pt; '" + a + "' is already a scalar");
                used.add("ignore-index");
                yield Terms.mean(a, TermRegistry.ignore(outside));
            }
        };
    }

    private Term term(String name, int start) {
        TermRegistry.Entry e = TermRegistry.term(name);
        if (e == null) {
            StringBuilder names = new StringBuilder();
            for (TermRegistry.Entry t : TermRegistry.terms()) names.append(names.length() == 0 ? "" : ", ").append(t.name());
            throw error(start, "unknown term '" + name + "' (expected a number, one of " + names
                    + ", or detach(), log(), exp(), mean())");
        }
        Map<String, String> opts = new LinkedHashMap<>();
        skipWs();
        if (eat('(')) options(name, opts);
        for (Map.Entry<String, String> o : outside.entrySet()) {
            if (e.keys().contains(o.getKey())) {
                used.add(o.getKey());
                opts.putIfAbsent(o.getKey(), o.getValue());
            }
        }
        Term t;
        try {
            t = e.create(opts);
        } catch (IllegalArgumentException ex) {
            throw error(start, ex.getMessage());
        }
        if (t.perPixel() && meanDepth == 0 && firstPixelPos < 0) firstPixelPos = start;
        return t;
    }

    /** key=value pairs up to ')'; a value runs to the next ", key=" or ')' (so weights=0.5,1,2 is one value). */
    private void options(String term, Map<String, String> opts) {
        skipWs();
        if (eat(')')) return;
        while (true) {
            skipWs();
            int keyPos = pos;
            String key = optionKey();
            if (key.isEmpty()) throw error(pos, "expected an option key=value of " + term);
            skipWs();
            if (!eat('=')) throw error(pos, "expected '=' after option " + key);
            int valuePos = pos;
            while (!atEnd() && src.charAt(pos) != ')' && !(src.charAt(pos) == ',' && nextIsKey(pos + 1))) pos++;
            if (atEnd()) throw error(pos, "unexpected end of the expression: expected ')' after the options of " + term);
            String value = src.substring(valuePos, pos).trim();
            if (value.isEmpty()) throw error(valuePos, "option " + key + " has no value");
            if (opts.put(key, value) != null) throw error(keyPos, "option " + key + " is given twice");
            if (eat(')')) return;
            pos++; // the ',' before the next key
        }
    }

    private boolean nextIsKey(int from) {
        int p = from;
        while (p < src.length() && Character.isWhitespace(src.charAt(p))) p++;
        int k = p;
        while (p < src.length() && (Character.isLetterOrDigit(src.charAt(p)) || src.charAt(p) == '-' || src.charAt(p) == '_')) p++;
        if (p == k || !Character.isLetter(src.charAt(k))) return false;
        while (p < src.length() && Character.isWhitespace(src.charAt(p))) p++;
        return p < src.length() && src.charAt(p) == '=';
    }

    private String optionKey() {
        int start = pos;
        if (atEnd() || !Character.isLetter(src.charAt(pos))) return "";
        while (!atEnd() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '-' || src.charAt(pos) == '_')) pos++;
        return src.substring(start, pos);
    }

    private String identifier() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
        return src.substring(start, pos);
    }

    private Term number() {
        int start = pos;
        while (!atEnd() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) pos++;
        if (!atEnd() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos++;
            if (!atEnd() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
            if (atEnd() || !Character.isDigit(src.charAt(pos))) pos = save;
            while (!atEnd() && Character.isDigit(src.charAt(pos))) pos++;
        }
        String text = src.substring(start, pos);
        try {
            return Terms.constant(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw error(start, "'" + text + "' is not a number");
        }
    }

    private void expect(char c) {
        skipWs();
        if (!eat(c)) throw error(pos, atEnd() ? "unexpected end of the expression: expected '" + c + "'" : "expected '" + c + "', got '" + src.charAt(pos) + "'");
    }

    private boolean eat(char c) {
        if (!atEnd() && src.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWs() {
        while (!atEnd() && Character.isWhitespace(src.charAt(pos))) pos++;
    }

    private boolean atEnd() {
        return pos >= src.length();
    }

    /** "loss expression: MSG (column C)", the expression, and a caret under column C. */
    private IllegalArgumentException error(int at, String msg) {
        String line = src.replaceAll("\\s", " ");
        return new IllegalArgumentException("loss expression: " + msg + " (column " + (at + 1) + ")\n  " + line + "\n  " + " ".repeat(at) + "^");
    }
}
