int main(int argc, char** argv) {
  int x = 1;
  for (x = 0; x < 10; x += 1) {
    printf("%d\n", x * 2 + 1);
  }
  return x;
}
