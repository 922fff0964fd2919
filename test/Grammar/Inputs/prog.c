// sum of squares
int square(int x) { return x * x; }

/* entry
   point */
int main(void x) {
  int total = 0;
  for (i = 0; i < 10; i += 1) total += square(i);
  if (total > 100) { puts("big \"number\""); } else return 1;
  return total;
}
