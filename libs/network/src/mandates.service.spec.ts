import { maxConcurrent } from './mandates.service';

describe('maxConcurrent', () => {
  const term = (from: number, to: number | null) => ({ from, to });

  it('counts the busiest year of the new term', () => {
    const others = [term(2020, 2022), term(2021, 2023), term(2023, null)];
    expect(maxConcurrent(others, term(2021, 2021))).toBe(2);
    expect(maxConcurrent(others, term(2024, 2025))).toBe(1);
    expect(maxConcurrent(others, term(2019, 2019))).toBe(0);
  });

  it('treats an open term as lasting through every year the others reach', () => {
    expect(maxConcurrent([term(2030, 2031), term(2031, 2031)], term(2025, null))).toBe(2);
  });
});
