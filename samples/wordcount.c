/* wordcount.c - writes a short text to a file, reads it back and counts
 * lines, words and characters (like wc), then lists the most frequent
 * words. Exercises fopen/fputs/fgetc/fclose and text-mode line endings. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>

static const char *text =
    "The quick brown fox jumps over the lazy dog.\n"
    "The dog sleeps; the fox runs away.\n"
    "A fox, a dog and the end of the story.\n";

struct entry { char word[32]; int count; };

/* Most frequent first, then alphabetical (insertion sort: a few dozen words). */
static void sort_entries(struct entry *w, int n)
{
    for (int i = 1; i < n; i++) {
        struct entry e = w[i];
        int j = i;
        while (j > 0 && (w[j - 1].count < e.count || (w[j - 1].count == e.count && strcmp(w[j - 1].word, e.word) > 0))) {
            w[j] = w[j - 1];
            j--;
        }
        w[j] = e;
    }
}

int main(void)
{
    const char *name = "wordcount-demo.txt";
    FILE *f = fopen(name, "w");
    if (!f) {
        perror(name);
        return 1;
    }
    fputs(text, f);
    fclose(f);

    f = fopen(name, "r");
    if (!f) {
        perror(name);
        return 1;
    }
    struct entry words[64];
    int nwords = 0, lines = 0, total = 0, chars = 0, len = 0, c;
    char cur[32];
    do {
        c = fgetc(f);
        if (c != EOF) {
            chars++;
            if (c == '\n')
                lines++;
        }
        if (c != EOF && isalpha(c)) {
            if (len < 31)
                cur[len++] = (char)tolower(c);
            continue;
        }
        if (!len)
            continue;
        cur[len] = 0;
        len = 0;
        total++;
        int i;
        for (i = 0; i < nwords && strcmp(words[i].word, cur); i++)
            ;
        if (i == nwords && nwords < 64) {
            strcpy(words[nwords].word, cur);
            words[nwords++].count = 0;
        }
        if (i < nwords)
            words[i].count++;
    } while (c != EOF);
    fclose(f);
    remove(name);

    printf("%d lines, %d words, %d characters (%d different words)\n", lines, total, chars, nwords);
    sort_entries(words, nwords);
    printf("most frequent:\n");
    for (int i = 0; i < nwords && i < 5; i++)
        printf("  %-6s %2d %.*s\n", words[i].word, words[i].count, words[i].count, "**********");
    return 0;
}
