//===- KernelPlanTest.cpp - Fusion decisions of the row kernel ------------===//
#include "decc/Conversion/KernelPlan.h"

#include <gtest/gtest.h>

using namespace decc::kernel;

TEST(KernelPlan, TemperatureIsFreeAndGreedyIsOnePass) {
  KernelPlan p = planKernel({OpKind::Temperature, OpKind::Greedy});
  EXPECT_FALSE(p.scanCopies);
  EXPECT_TRUE(p.steps[0].passes.empty());
  EXPECT_EQ(p.rowPasses(), 2u); // scan + softmax/argmax
}

TEST(KernelPlan, FilterMovesTheRestToTheList) {
  KernelPlan p = planKernel({OpKind::Temperature, OpKind::TopK, OpKind::TopP, OpKind::Sample});
  EXPECT_EQ(p.steps[1].after, RowForm::List);
  for (size_t i = 2; i < p.steps.size(); ++i)
    for (const PassDesc &d : p.steps[i].passes)
      EXPECT_NE(d.extent, Extent::Row) << d.name;
  // top_k works on the scan's chunk lane maxima and the chunks they select:
  // the scan is the only pass over the row.
  EXPECT_EQ(p.steps[1].passes.front().extent, Extent::Chunks);
  EXPECT_EQ(p.rowPasses(), 1u);
  // After a penalty the lane maxima are stale: pivots over the row.
  KernelPlan q = planKernel({OpKind::PresencePenalty, OpKind::TopK, OpKind::Sample});
  EXPECT_EQ(q.steps[1].passes.front().name, "pivots");
  EXPECT_EQ(q.steps[1].passes.front().extent, Extent::Row);
}

TEST(KernelPlan, TopPLeavesAPendingFloor) {
  KernelPlan p = planKernel({OpKind::TopP, OpKind::PresencePenalty, OpKind::Sample});
  // The histogram pass copies the row; the threshold stays a pending floor,
  // which the penalty's point updates must apply first.
  EXPECT_EQ(p.steps[0].after, RowForm::Dense);
  EXPECT_TRUE(p.steps[1].materialize);
}

TEST(KernelPlan, LeadingPenaltyCopiesDuringTheScan) {
  KernelPlan p = planKernel({OpKind::RepetitionPenalty, OpKind::Greedy});
  EXPECT_TRUE(p.scanCopies);
  EXPECT_FALSE(p.steps[0].materialize);
  KernelPlan q = planKernel({OpKind::Temperature, OpKind::PresencePenalty, OpKind::Greedy});
  EXPECT_FALSE(q.scanCopies);
  EXPECT_TRUE(q.steps[1].materialize);
}

TEST(KernelPlan, FeaturesShareOneSoftmax) {
  // Features of the caller's row: the scan keeps the sums, no softmax pass.
  KernelPlan p = planKernel({OpKind::Entropy, OpKind::MaxProb, OpKind::TypicalP, OpKind::Sample});
  EXPECT_TRUE(p.scanSoftmax);
  EXPECT_TRUE(p.steps[0].reuseSoftmax);
  EXPECT_TRUE(p.steps[1].reuseSoftmax);
  EXPECT_TRUE(p.steps[2].reuseSoftmax);
  EXPECT_EQ(p.rowPasses(), 3u); // scan, typical_p pivots + compaction; sampling on the list
  EXPECT_NE(p.str().find("scan+softmax"), std::string::npos);
  // After an operator the row differs from the scanned one: one softmax,
  // shared by the features of that row.
  KernelPlan q = planKernel({OpKind::Temperature, OpKind::Entropy, OpKind::MaxProb, OpKind::Sample});
  EXPECT_FALSE(q.scanSoftmax);
  EXPECT_FALSE(q.steps[1].reuseSoftmax);
  EXPECT_EQ(q.steps[1].passes.front().name, "softmax");
  EXPECT_TRUE(q.steps[2].reuseSoftmax);
}
